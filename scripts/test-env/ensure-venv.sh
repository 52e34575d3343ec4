#!/usr/bin/env bash
# Makes sure the project-local Python venv (.venv, git-ignored) holds the pinned Python peers
# from scripts/python/requirements.txt (MLflow server, psycopg2, Optuna, SciPy, NumPy).
#
# Idempotent and cheap when nothing changed: the sha256 of the requirements file is recorded in
# .venv/.requirements.sha256 after a successful install, and pip only runs when it differs.
# Prints one short line either way. Concurrent runs (several checkouts' test commands on one
# machine) are serialised with flock where it exists.
#
# Environment: PYTHON (default python3) picks the interpreter that creates the venv.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.venv"
requirements="$root/scripts/python/requirements.txt"
hash_file="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

mkdir -p "$venv"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$venv/.ensure-venv.lock"
  flock 9
fi

wanted_hash="$(sha256sum "$requirements" | cut -d' ' -f1)"
recorded_hash="$(cat "$hash_file" 2>/dev/null || true)"

if [[ -x "$venv/bin/python" && "$wanted_hash" == "$recorded_hash" ]]; then
  echo "venv: up to date (.venv, requirements ${wanted_hash:0:12})"
  exit 0
fi

started_s=$SECONDS
if [[ ! -x "$venv/bin/python" ]]; then
  "$python" -m venv "$venv"
fi

log_file="$venv/.pip-install.log"
if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input \
  -r "$requirements" >"$log_file" 2>&1; then
  echo "venv: pip install -r scripts/python/requirements.txt failed; last lines of $log_file:" >&2
  tail -n 30 "$log_file" >&2
  exit 1
fi

# Record the hash only now, atomically, so an interrupted install is retried next time.
echo "$wanted_hash" >"$hash_file.tmp"
mv "$hash_file.tmp" "$hash_file"
echo "venv: installed requirements ${wanted_hash:0:12} into .venv in $((SECONDS - started_s)) s"
