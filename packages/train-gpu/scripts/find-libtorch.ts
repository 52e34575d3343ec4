/**
 * Prints the libtorch that `findLibtorch()` picks as `KEY=VALUE` lines for build-native.sh
 * (exit 0), or, when none qualifies, every step tried on stderr (exit 3).
 *
 *   tsx packages/train-gpu/scripts/find-libtorch.ts
 */
import { findDistributedHeaders } from '../src/native/find-distributed';
import { findLibtorch } from '../src/native/find-libtorch';

const search = findLibtorch();
const found = search.installation;
if (found === undefined) {
  for (const step of search.tried) {
    process.stderr.write(`  ${step.source} ${step.location}: ${step.reason}\n`);
  }
  process.exitCode = 3;
} else {
  const lines = [
    `LIBTORCH_SOURCE=${found.source}`,
    `LIBTORCH_VERSION=${found.version}`,
    `LIBTORCH_INCLUDE=${found.includeDirectory}`,
    `LIBTORCH_LIB=${found.libraryDirectory}`,
    `LIBTORCH_CXX11_ABI=${found.cxx11Abi ? 1 : 0}`,
    `LIBTORCH_CUDA=${found.cuda ? 'ON' : 'OFF'}`,
    `LIBTORCH_CXX_STANDARD=${String(found.cxxStandard)}`,
  ];
  const distributed = findDistributedHeaders(found);
  lines.push(`GLOO_INCLUDE=${distributed.glooInclude ?? ''}`);
  lines.push(`NCCL_INCLUDE=${distributed.ncclInclude ?? ''}`);
  // A CMake list (semicolon-separated).
  lines.push(`CUDA_INCLUDE=${(distributed.cudaIncludes ?? []).join(';')}`);
  for (const step of distributed.tried) {
    process.stderr.write(`  distributed: ${step.source} ${step.location}: ${step.reason}\n`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
