#!/usr/bin/env bash
# The test command (`pnpm test`): Python peers, local services, build, vitest, leak check, and a
# last line `N passed, N failed[, N skipped]` for CI. Extra arguments go to vitest
# (`pnpm test -- packages/core`).
#
# The vitest global setup (scripts/test-env/global-setup.ts) starts the MLflow servers and
# checks Redis and PostgreSQL; with CI=true a missing service fails the run, elsewhere the tests
# that need it are skipped with a loud reason. DAGNOSTICS_TEST_SERVICES=none starts nothing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
results_dir="$root/.test-results"
report="$results_dir/vitest.json"
services="${DAGNOSTICS_TEST_SERVICES:-auto}"
is_ci=false
[[ "${CI:-}" == "true" || "${CI:-}" == "1" ]] && is_ci=true

run_id="$(date -u +%Y%m%d-%H%M%S)-$$-$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')"
run_dir="$root/.test-env/$run_id"
export DAGNOSTICS_TEST_RUN_ID="$run_id"
export DAGNOSTICS_TEST_SUPERVISOR_PID="$$"
mkdir -p "$run_dir" "$results_dir"
rm -f "$report" "$results_dir/summary.txt"
leak_checked=false
# On an interrupted run (Ctrl-C, CI timeout) vitest's own handler stops the services; should it be
# killed first, the leak check here stops what is left and drops the databases, before the run
# directory with pids.json goes away.
cleanup() {
  if [[ "$leak_checked" != true ]]; then
    "$root/node_modules/.bin/tsx" scripts/test-env/leak-check.ts "$run_id" >/dev/null 2>&1 || true
  fi
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tsx() { "$root/node_modules/.bin/tsx" "$@"; }

# --- Python peers ----------------------------------------------------------------------------
if ! bash scripts/test-env/ensure-venv.sh; then
  if [[ "$is_ci" == true ]]; then
    echo "test.sh: the Python venv could not be prepared (see above)" >&2
    exit 1
  fi
  echo "test.sh: WARNING: the Python venv could not be prepared; MLflow tests will be skipped" >&2
fi

# --- Local services --------------------------------------------------------------------------
postgres_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432 -t 3
  else
    timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432' 2>/dev/null
  fi
}

redis_up() {
  timeout 3 bash -c '
    exec 3<>/dev/tcp/127.0.0.1/6379 || exit 1
    printf "PING\r\n" >&3
    IFS= read -r reply <&3
    [[ "$reply" == "+PONG"* ]]' 2>/dev/null
}

start_postgres() {
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
}

start_redis() {
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
}

# Checks a service and, when it is down and we are root, starts it with the command from
# TOOLCHAIN.md. The verdict (fail in CI, skip elsewhere) is the global setup's.
ensure_service() {
  local name="$1" check="$2" start="$3"
  if "$check"; then return 0; fi
  if [[ "$(id -u)" == 0 ]]; then
    echo "test.sh: $name is not answering; starting it"
    "$start" || true
    for _ in $(seq 1 20); do
      if "$check"; then echo "test.sh: $name started"; return 0; fi
      sleep 0.5
    done
  fi
  echo "test.sh: WARNING: $name is not answering on 127.0.0.1; tests that need it will" \
    "$([[ "$is_ci" == true ]] && echo 'fail the run' || echo 'be skipped')" >&2
}

# Debian packages the tests run as real peers: Prometheus scrapes @dagnostics/monitor's handler,
# Alertmanager receives its alerts, headless Chromium renders its HTML drift report.
ensure_debian_packages() {
  local missing=()
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [[ ${#missing[@]} == 0 ]] && return 0
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: WARNING: missing Debian packages: ${missing[*]} (install them as root)" >&2
    return 0
  fi
  echo "test.sh: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update >/dev/null 2>&1 || true
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
      echo "test.sh: WARNING: apt-get install ${missing[*]} failed" >&2
  fi
}

if [[ "$services" != "none" ]]; then
  ensure_service PostgreSQL postgres_up start_postgres
  ensure_service Redis redis_up start_redis
  ensure_debian_packages
fi

# --- Build (the exports smoke test loads the built output) -----------------------------------
extra_failures=()
if ! pnpm -r --filter "./packages/*" build; then
  echo "test.sh: ERROR: the build failed; running the tests anyway" >&2
  extra_failures+=("the build (pnpm -r --filter ./packages/* build) failed")
fi

# --- Native addon of @dagnostics/train-gpu, against the test venv's torch (CPU wheel) ----------
# build-native.sh exits 0 without building when no libtorch is found; the native tests then fail
# in CI (and skip loudly elsewhere), naming the missing addon. Pip's torch ships no Gloo headers,
# which libtorch's ProcessGroupGloo.hpp includes: Debian's libgloo-dev has them (data-parallel
# training; without them the addon builds without Gloo and the two-process tests fail in CI).
if [[ ! -f /usr/include/gloo/algorithm.h ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing Debian's libgloo-dev (Gloo headers for the native addon)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends libgloo-dev >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 || true; apt-get install -y --no-install-recommends libgloo-dev >/dev/null; } ||
      echo "test.sh: WARNING: apt-get install libgloo-dev failed" >&2
  else
    echo "test.sh: WARNING: no Gloo headers (install libgloo-dev as root)" >&2
  fi
fi
if ! LIBTORCH_USE_PYTORCH=1 VIRTUAL_ENV="$root/.venv" bash packages/train-gpu/scripts/build-native.sh; then
  echo "test.sh: ERROR: the train-gpu native build failed; running the tests anyway" >&2
  extra_failures+=("the native build (packages/train-gpu/scripts/build-native.sh) failed")
fi

# --- Tests -----------------------------------------------------------------------------------
vitest_status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" ||
  vitest_status=$?

# --- Leak check: nothing this run started may outlive vitest --------------------------------
leak_status=0
tsx scripts/test-env/leak-check.ts "$run_id" || leak_status=$?
leak_checked=true
if [[ "$leak_status" != 0 ]]; then
  extra_failures+=("the leak check found processes or databases left over from this run")
fi

# --- Summary (last line) ---------------------------------------------------------------------
summary_status=0
tsx scripts/test-env/summarize-results.ts "$report" "$vitest_status" \
  ${extra_failures[@]+"${extra_failures[@]}"} || summary_status=$?
if [[ "$summary_status" != 0 || "$vitest_status" != 0 ]]; then
  exit 1
fi
