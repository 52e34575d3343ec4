#!/usr/bin/env bash
# Regenerates every golden fixture from the real peers pinned in
# scripts/python/requirements.txt. Run with `pnpm golden`; commit the JSON it writes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
bash "$root/scripts/test-env/ensure-venv.sh" >&2
for script in "$root"/scripts/python/golden/gen_*.py; do
  "$root/.venv/bin/python" "$script"
done
