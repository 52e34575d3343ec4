"""Loads a journal (file or Redis) with Optuna's JournalStorage and prints every study as JSON.

Usage: journal_dump.py --file PATH | --redis URL [--prefix P]
Used by packages/tune/test/integration/journal-*.test.ts to check that Optuna reads what
@dagnostics/tune writes.
"""

from __future__ import annotations

import argparse
import json

import optuna

from _journal_common import add_storage_arguments, describe_storage, open_storage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_storage_arguments(parser)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    print(json.dumps(describe_storage(open_storage(args))))


if __name__ == "__main__":
    main()
