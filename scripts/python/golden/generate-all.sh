#!/usr/bin/env bash
# Regenerates every golden fixture from the real peers pinned in
# scripts/python/golden-requirements.txt (the test venv's peers plus Evidently, NannyML,
# river and scikit-learn, in .venv-golden; Great Expectations in .venv-ge; PyTorch for
# gen_*_torch.py in .venv-tune-bench). Run with `pnpm golden`; commit the JSON it writes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
bash "$root/scripts/test-env/ensure-venv.sh" golden >&2
bash "$root/scripts/test-env/ensure-venv.sh" ge >&2
# PyTorch (the reference of @dagnostics/train-gpu's trainers) is only in the tune benchmark's venv.
bash "$root/scripts/test-env/ensure-venv.sh" tune-bench >&2
for script in "$root"/scripts/python/golden/gen_*.py; do
  # Great Expectations has a venv of its own (it needs pandas < 2.2).
  case "$(basename "$script")" in
    gen_core_validate.py) python="$root/.venv-ge/bin/python" ;;
    *_torch.py) python="$root/.venv-tune-bench/bin/python" ;;
    *) python="$root/.venv-golden/bin/python" ;;
  esac
  "$python" "$script"
done
