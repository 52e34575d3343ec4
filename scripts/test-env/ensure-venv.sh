#!/usr/bin/env bash
# Makes sure the project-local Python venv (.venv, git-ignored) holds the pinned Python peers
# from scripts/python/requirements.txt (MLflow server, psycopg2, Optuna, SciPy, NumPy).
#
# Idempotent and cheap when nothing changed: the sha256 of the requirements file is recorded in
# .venv/.requirements.sha256 after a successful install, and pip only runs when it differs.
# Prints one short line either way. Concurrent runs (several checkouts' test commands on one
# machine) are serialised with flock where it exists.
#
# With the argument `golden` it makes .venv-golden from scripts/python/golden-requirements.txt
# instead: the heavier anchors (Evidently, NannyML, river, scikit-learn) that only the golden-
# fixture generators (`pnpm golden`) need; with `ge`, .venv-ge from golden-ge-requirements.txt
# (Great Expectations, which needs an older pandas); with `tune-bench`, .venv-tune-bench
# (Optuna plus torch for its GPSampler, the tune benchmark's GP peer). Tests read the committed fixtures, so the
# test command never installs them.
#
# Environment: PYTHON (default python3) picks the interpreter that creates the venv.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
case "${1:-}" in
  '') venv_name=.venv requirements_name=requirements.txt ;;
  golden) venv_name=.venv-golden requirements_name=golden-requirements.txt ;;
  ge) venv_name=.venv-ge requirements_name=golden-ge-requirements.txt ;;
  tune-bench) venv_name=.venv-tune-bench requirements_name=tune-bench-requirements.txt ;;
  *)
    echo "usage: ensure-venv.sh [golden|ge|tune-bench]" >&2
    exit 2
    ;;
esac
venv="$root/$venv_name"
requirements="$root/scripts/python/$requirements_name"
hash_file="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

mkdir -p "$venv"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$venv/.ensure-venv.lock"
  flock 9
fi

# The golden file includes requirements.txt (`-r`), so both files make up the hash.
wanted_hash="$(cat "$root/scripts/python/requirements.txt" "$requirements" | sha256sum | cut -d' ' -f1)"
recorded_hash="$(cat "$hash_file" 2>/dev/null || true)"

if [[ -x "$venv/bin/python" && "$wanted_hash" == "$recorded_hash" ]]; then
  echo "venv: up to date ($venv_name, requirements ${wanted_hash:0:12})"
  exit 0
fi

started_s=$SECONDS
if [[ ! -x "$venv/bin/python" ]]; then
  "$python" -m venv "$venv"
fi

log_file="$venv/.pip-install.log"
if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input \
  -r "$requirements" >"$log_file" 2>&1; then
  echo "venv: pip install -r scripts/python/$requirements_name failed; last lines of $log_file:" >&2
  tail -n 30 "$log_file" >&2
  exit 1
fi

# Record the hash only now, atomically, so an interrupted install is retried next time.
echo "$wanted_hash" >"$hash_file.tmp"
mv "$hash_file.tmp" "$hash_file"
echo "venv: installed requirements ${wanted_hash:0:12} into $venv_name in $((SECONDS - started_s)) s"
