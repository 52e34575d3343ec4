#!/usr/bin/env bash
# Builds the train-gpu native addon (packages/train-gpu/build/train_gpu.node) against the
# libtorch that src/native/find-libtorch.ts discovers (TRAIN_GPU_LIBTORCH / LIBTORCH,
# LIBTORCH_USE_PYTORCH=1, system installs). Never downloads anything. With no libtorch it
# prints why and exits 0: the native trainer is optional.
#
#   packages/train-gpu/scripts/build-native.sh
#   LIBTORCH_USE_PYTORCH=1 VIRTUAL_ENV=/path/to/venv packages/train-gpu/scripts/build-native.sh
#
# NODE_INCLUDE_DIR overrides the directory holding node_api.h (default: Node's own headers,
# <prefix>/include/node next to the running node binary).
set -euo pipefail

package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${TRAIN_GPU_BUILD_DIR:-${package_dir}/build}"
tsx="${package_dir}/node_modules/.bin/tsx"
if [[ ! -x "${tsx}" ]]; then
  echo "build-native: ${tsx} is missing; run pnpm install first." >&2
  exit 1
fi

status=0
discovery="$("${tsx}" "${package_dir}/scripts/find-libtorch.ts")" || status=$?
if [[ ${status} -eq 3 ]]; then
  echo "build-native: no libtorch found, so the native addon is not built (the TypeScript reference trainer still works). Set TRAIN_GPU_LIBTORCH to a libtorch root, or LIBTORCH_USE_PYTORCH=1 with torch installed, and rerun." >&2
  exit 0
elif [[ ${status} -ne 0 ]]; then
  echo "build-native: libtorch discovery failed (exit ${status})." >&2
  exit "${status}"
fi
while IFS='=' read -r key value; do
  case "${key}" in
    LIBTORCH_SOURCE) source_step="${value}" ;;
    LIBTORCH_VERSION) version="${value}" ;;
    LIBTORCH_INCLUDE) include_dir="${value}" ;;
    LIBTORCH_LIB) lib_dir="${value}" ;;
    LIBTORCH_CXX11_ABI) abi="${value}" ;;
    LIBTORCH_CUDA) cuda="${value}" ;;
    LIBTORCH_CXX_STANDARD) cxx_standard="${value}" ;;
    GLOO_INCLUDE) gloo_include="${value}" ;;
    NCCL_INCLUDE) nccl_include="${value}" ;;
    CUDA_INCLUDE) cuda_include="${value}" ;;
  esac
done <<<"${discovery}"

node_include="${NODE_INCLUDE_DIR:-$(dirname "$(dirname "$(node -p 'process.execPath')")")/include/node}"
if [[ ! -f "${node_include}/node_api.h" ]]; then
  echo "build-native: ${node_include}/node_api.h not found; set NODE_INCLUDE_DIR to Node's headers." >&2
  exit 1
fi

echo "build-native: libtorch ${version} (${source_step}; ABI=${abi}, CUDA=${cuda}, C++${cxx_standard}) from ${lib_dir}"
echo "build-native: Gloo headers: ${gloo_include:-none (no data-parallel training on CPU; install libgloo-dev or set TRAIN_GPU_GLOO_INCLUDE)}; NCCL headers: ${nccl_include:-none}"
started=${SECONDS}
cmake -S "${package_dir}/native" -B "${build_dir}" \
  -DCMAKE_BUILD_TYPE=Release \
  -DLIBTORCH_INCLUDE="${include_dir}" \
  -DLIBTORCH_LIB="${lib_dir}" \
  -DLIBTORCH_CXX11_ABI="${abi}" \
  -DLIBTORCH_CUDA="${cuda}" \
  -DLIBTORCH_CXX_STANDARD="${cxx_standard}" \
  -DTRAIN_GPU_GLOO_INCLUDE="${gloo_include:-}" \
  -DTRAIN_GPU_NCCL_INCLUDE="${nccl_include:-}" \
  -DTRAIN_GPU_CUDA_INCLUDE="${cuda_include:-}" \
  -DNODE_INCLUDE_DIR="${node_include}" >/dev/null
cmake --build "${build_dir}" --parallel 2
echo "build-native: built ${build_dir}/train_gpu.node in $((SECONDS - started)) s"
