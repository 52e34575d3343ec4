/**
 * Finds the headers that the addon's data-parallel training needs beyond libtorch's own:
 * Gloo's (pip wheels do not ship them; libtorch zips and Debian's `libgloo-dev` do) and, for
 * a CUDA libtorch, NCCL's and the CUDA runtime's. Never throws; records every step.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LibtorchCandidate } from './find-libtorch';
import type { LibtorchInstallation } from './inspect-libtorch';

/** Where the distributed headers are; an absent entry means that backend is not built. */
export interface DistributedHeaders {
  /** Holds `gloo/algorithm.h`: the Gloo backend (CPU) is built. */
  readonly glooInclude?: string;
  /** Holds `nccl.h` (CUDA libtorch only): the NCCL backend is built. */
  readonly ncclInclude?: string;
  /**
   * The CUDA headers libtorch's CUDA headers include (NCCL only): the `nvidia-*` pip
   * packages' include folders beside a wheel (cuSPARSE, cuBLAS, the runtime), then the folder
   * with `crt/host_config.h` (a CUDA toolkit), in that order.
   */
  readonly cudaIncludes?: readonly string[];
  /** Every location looked at, in order, and why it was or was not used. */
  readonly tried: readonly LibtorchCandidate[];
}

/** What `findDistributedHeaders()` reads besides the installation. */
export interface FindDistributedOptions {
  /** Default `process.env`. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Prefix for system paths (tests); default `/`. */
  readonly systemRoot?: string;
}

const c10dHeaders = join('torch', 'csrc', 'distributed', 'c10d');

function firstWith(
  label: string,
  file: string,
  candidates: readonly { source: string; directory: string | undefined }[],
  tried: LibtorchCandidate[],
): string | undefined {
  for (const { source, directory } of candidates) {
    if (directory === undefined || directory === '') {
      tried.push({ source, location: '(unset)', reason: 'not set' });
      continue;
    }
    const location = join(directory, file);
    if (existsSync(location)) {
      tried.push({ source, location, reason: `used for ${label}` });
      return directory;
    }
    tried.push({ source, location, reason: 'not present' });
  }
  return undefined;
}

/**
 * Looks for Gloo headers (`TRAIN_GPU_GLOO_INCLUDE`, the libtorch include directory, then
 * `/usr/include` from Debian's `libgloo-dev`) when libtorch has `ProcessGroupGloo.hpp`; for a
 * CUDA libtorch with `ProcessGroupNCCL.hpp`, NCCL and CUDA runtime headers
 * (`TRAIN_GPU_NCCL_INCLUDE` / `TRAIN_GPU_CUDA_INCLUDE`, the `nvidia-*` pip packages beside a
 * wheel's `torch/`, `/usr/include`, `/usr/local/cuda/include`).
 */
export function findDistributedHeaders(
  installation: LibtorchInstallation,
  options: FindDistributedOptions = {},
): DistributedHeaders {
  const environment = options.environment ?? process.env;
  const systemRoot = options.systemRoot ?? '/';
  const tried: LibtorchCandidate[] = [];
  const include = installation.includeDirectory;
  const usrInclude = join(systemRoot, 'usr', 'include');

  let glooInclude: string | undefined;
  if (existsSync(join(include, c10dHeaders, 'ProcessGroupGloo.hpp'))) {
    glooInclude = firstWith(
      'Gloo',
      join('gloo', 'algorithm.h'),
      [
        { source: 'TRAIN_GPU_GLOO_INCLUDE', directory: environment.TRAIN_GPU_GLOO_INCLUDE },
        { source: 'libtorch include', directory: include },
        { source: 'debian libgloo-dev', directory: usrInclude },
      ],
      tried,
    );
  } else {
    tried.push({
      source: 'libtorch c10d',
      location: join(include, c10dHeaders, 'ProcessGroupGloo.hpp'),
      reason: 'not present, so no Gloo backend',
    });
  }

  let ncclInclude: string | undefined;
  let cudaInclude: string | undefined;
  const cudaIncludes: string[] = [];
  if (installation.cuda && existsSync(join(include, c10dHeaders, 'ProcessGroupNCCL.hpp'))) {
    // A wheel's include directory is <site-packages>/torch/include; nvidia-* packages sit
    // beside torch/ (nvidia/nccl/include, nvidia/cu13/include or nvidia/cuda_runtime/include).
    const nvidia = join(include, '..', '..', 'nvidia');
    ncclInclude = firstWith(
      'NCCL',
      'nccl.h',
      [
        { source: 'TRAIN_GPU_NCCL_INCLUDE', directory: environment.TRAIN_GPU_NCCL_INCLUDE },
        { source: 'nvidia-nccl pip package', directory: join(nvidia, 'nccl', 'include') },
        { source: 'system NCCL', directory: usrInclude },
      ],
      tried,
    );
    // cuda_runtime.h includes crt/host_config.h, which the toolkit (or the nvcc pip package)
    // has and the runtime-only pip package lacks.
    cudaInclude = firstWith(
      'the CUDA runtime',
      join('crt', 'host_config.h'),
      [
        { source: 'TRAIN_GPU_CUDA_INCLUDE', directory: environment.TRAIN_GPU_CUDA_INCLUDE },
        { source: 'CUDA toolkit', directory: join(systemRoot, 'usr', 'local', 'cuda', 'include') },
        { source: 'nvidia CUDA pip packages', directory: join(nvidia, 'cu13', 'include') },
        { source: 'nvidia CUDA pip packages', directory: join(nvidia, 'cuda_runtime', 'include') },
        { source: 'system CUDA', directory: usrInclude },
      ],
      tried,
    );
    if (ncclInclude !== undefined && cudaInclude !== undefined) {
      for (const name of ['cu13', 'cuda_runtime', 'cusparse', 'cublas', 'cusolver']) {
        const directory = join(nvidia, name, 'include');
        if (existsSync(directory) && directory !== cudaInclude) cudaIncludes.push(directory);
      }
      cudaIncludes.push(cudaInclude);
    } else {
      ncclInclude = undefined;
    }
  }
  return {
    ...(glooInclude === undefined ? {} : { glooInclude }),
    ...(ncclInclude === undefined ? {} : { ncclInclude }),
    ...(cudaIncludes.length === 0 || ncclInclude === undefined ? {} : { cudaIncludes }),
    tried,
  };
}
