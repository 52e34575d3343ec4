#!/usr/bin/env bash
# Regenerates every golden fixture from the real peers pinned in
# scripts/python/golden-requirements.txt (the test venv's peers plus Evidently, NannyML,
# river and scikit-learn, in .venv-golden). Run with `pnpm golden`; commit the JSON it writes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
bash "$root/scripts/test-env/ensure-venv.sh" golden >&2
for script in "$root"/scripts/python/golden/gen_*.py; do
  "$root/.venv-golden/bin/python" "$script"
done
