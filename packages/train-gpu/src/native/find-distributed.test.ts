import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDistributedHeaders } from './find-distributed';
import type { LibtorchInstallation } from './inspect-libtorch';

function touch(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
}

describe('findDistributedHeaders', () => {
  let root: string;
  let sitePackages: string;
  let include: string;
  const installation = (cuda: boolean): LibtorchInstallation => ({
    source: 'test',
    includeDirectory: include,
    libraryDirectory: join(sitePackages, 'torch', 'lib'),
    version: '2.13.0',
    major: 2,
    minor: 13,
    cxx11Abi: true,
    cuda,
    cxxStandard: 20,
  });
  const c10d = (name: string): void =>
    touch(join(include, 'torch', 'csrc', 'distributed', 'c10d', name));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'find-distributed-'));
    sitePackages = join(root, 'venv', 'lib', 'python3.11', 'site-packages');
    include = join(sitePackages, 'torch', 'include');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('builds no backend when libtorch has no c10d headers', () => {
    touch(join(root, 'usr', 'include', 'gloo', 'algorithm.h'));
    const found = findDistributedHeaders(installation(false), {
      environment: {},
      systemRoot: root,
    });
    expect(found.glooInclude).toBeUndefined();
    expect(found.tried).toEqual([expect.objectContaining({ source: 'libtorch c10d' })]);
  });

  it("takes Debian's libgloo-dev for a pip wheel, which ships no Gloo headers", () => {
    c10d('ProcessGroupGloo.hpp');
    touch(join(root, 'usr', 'include', 'gloo', 'algorithm.h'));
    const found = findDistributedHeaders(installation(false), {
      environment: {},
      systemRoot: root,
    });
    expect(found.glooInclude).toBe(join(root, 'usr', 'include'));
    expect(found.tried.map((step) => [step.source, step.reason])).toEqual([
      ['TRAIN_GPU_GLOO_INCLUDE', 'not set'],
      ['libtorch include', 'not present'],
      ['debian libgloo-dev', 'used for Gloo'],
    ]);
    expect(found.ncclInclude).toBeUndefined();
  });

  it('prefers TRAIN_GPU_GLOO_INCLUDE, then headers inside libtorch (a libtorch zip)', () => {
    c10d('ProcessGroupGloo.hpp');
    touch(join(include, 'gloo', 'algorithm.h'));
    touch(join(root, 'own', 'gloo', 'algorithm.h'));
    expect(
      findDistributedHeaders(installation(false), { environment: {}, systemRoot: root })
        .glooInclude,
    ).toBe(include);
    expect(
      findDistributedHeaders(installation(false), {
        environment: { TRAIN_GPU_GLOO_INCLUDE: join(root, 'own') },
        systemRoot: root,
      }).glooInclude,
    ).toBe(join(root, 'own'));
  });

  it('finds NCCL beside a CUDA wheel and the CUDA headers of the toolkit', () => {
    c10d('ProcessGroupGloo.hpp');
    c10d('ProcessGroupNCCL.hpp');
    touch(join(sitePackages, 'nvidia', 'nccl', 'include', 'nccl.h'));
    // The runtime-only pip package lacks crt/host_config.h: not enough to compile.
    touch(join(sitePackages, 'nvidia', 'cu13', 'include', 'cuda_runtime_api.h'));
    const withoutToolkit = findDistributedHeaders(installation(true), {
      environment: {},
      systemRoot: root,
    });
    expect(withoutToolkit.ncclInclude).toBeUndefined();
    expect(withoutToolkit.cudaIncludes).toBeUndefined();
    touch(join(root, 'usr', 'local', 'cuda', 'include', 'crt', 'host_config.h'));
    const found = findDistributedHeaders(installation(true), {
      environment: {},
      systemRoot: root,
    });
    expect(found.ncclInclude).toBe(
      join(sitePackages, 'torch', 'include', '..', '..', 'nvidia', 'nccl', 'include'),
    );
    // The pip packages' headers (cuSPARSE, cuBLAS) first, the toolkit's crt/ after.
    expect(found.cudaIncludes).toEqual([
      join(sitePackages, 'torch', 'include', '..', '..', 'nvidia', 'cu13', 'include'),
      join(root, 'usr', 'local', 'cuda', 'include'),
    ]);
  });

  it('looks for NCCL only in a CUDA libtorch', () => {
    c10d('ProcessGroupNCCL.hpp');
    touch(join(sitePackages, 'nvidia', 'nccl', 'include', 'nccl.h'));
    touch(join(root, 'usr', 'local', 'cuda', 'include', 'crt', 'host_config.h'));
    const found = findDistributedHeaders(installation(false), {
      environment: {},
      systemRoot: root,
    });
    expect(found.ncclInclude).toBeUndefined();
  });
});
