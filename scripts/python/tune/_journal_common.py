"""Shared by the journal helper scripts: open an Optuna JournalStorage and describe it as JSON."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

import optuna
from optuna.distributions import distribution_to_json
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend, JournalFileOpenLock, JournalRedisBackend


def add_storage_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--file", help="journal file path")
    group.add_argument("--redis", help="redis:// URL")
    parser.add_argument("--prefix", default="", help="Redis key prefix")
    parser.add_argument("--open-lock", action="store_true", help="use JournalFileOpenLock")


def open_storage(args: argparse.Namespace) -> JournalStorage:
    if args.file is not None:
        lock = JournalFileOpenLock(args.file) if args.open_lock else None
        return JournalStorage(JournalFileBackend(args.file, lock_obj=lock))
    return JournalStorage(JournalRedisBackend(args.redis, prefix=args.prefix))


def _number(value: float) -> Any:
    # JSON has no NaN or infinities; spell them as strings both sides agree on.
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def _iso(value: Any) -> str | None:
    # Optuna replays datetimes as naive local times; make them absolute for comparison.
    return None if value is None else value.astimezone().isoformat()


def describe_storage(storage: JournalStorage) -> list[dict[str, Any]]:
    studies = []
    for frozen in storage.get_all_studies():
        study = optuna.load_study(study_name=frozen.study_name, storage=storage)
        trials = []
        for trial in study.get_trials(deepcopy=False):
            trials.append(
                {
                    "number": trial.number,
                    "trial_id": trial._trial_id,
                    "state": trial.state.name,
                    "values": None if trial.values is None else [_number(v) for v in trial.values],
                    "params": trial.params,
                    "distributions": {
                        name: json.loads(distribution_to_json(d))
                        for name, d in trial.distributions.items()
                    },
                    "user_attrs": trial.user_attrs,
                    "system_attrs": trial.system_attrs,
                    "intermediate_values": {
                        str(step): _number(value)
                        for step, value in sorted(trial.intermediate_values.items())
                    },
                    "datetime_start": _iso(trial.datetime_start),
                    "datetime_complete": _iso(trial.datetime_complete),
                }
            )
        studies.append(
            {
                "study_id": frozen._study_id,
                "study_name": frozen.study_name,
                "directions": [d.name.lower() for d in frozen.directions],
                "user_attrs": frozen.user_attrs,
                "system_attrs": frozen.system_attrs,
                "trials": trials,
            }
        )
    return studies
