import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLibtorch } from './find-libtorch';

interface FakeLibtorch {
  readonly version?: string;
  /** torch ≥ 2.9 style: version.h only includes torch/headeronly/version.h. */
  readonly headerOnly?: boolean;
  readonly abiFlag?: 0 | 1;
  readonly cxxStandard?: number;
  readonly cuda?: boolean;
  readonly libraries?: readonly string[];
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function versionDefines(version: string): string {
  const [major, minor, patch] = version.split('.');
  return `#define TORCH_VERSION_MAJOR ${major}\n#define TORCH_VERSION_MINOR ${minor}\n#define TORCH_VERSION_PATCH ${patch}\n`;
}

/** Writes the files the locator reads: version.h, libraries, TorchConfig.cmake. */
function fakeLibtorch(
  includeDirectory: string,
  libraryDirectory: string,
  configDirectory: string,
  fake: FakeLibtorch = {},
): void {
  const version = fake.version ?? '2.13.0';
  const versionHeader = join(includeDirectory, 'torch/csrc/api/include/torch/version.h');
  if (fake.headerOnly) {
    write(versionHeader, '#pragma once\n#include <torch/headeronly/version.h>\n');
    write(join(includeDirectory, 'torch/headeronly/version.h'), versionDefines(version));
  } else {
    write(versionHeader, versionDefines(version));
  }
  for (const name of fake.libraries ?? ['libtorch.so', 'libtorch_cpu.so', 'libc10.so']) {
    write(join(libraryDirectory, name), '');
  }
  if (fake.cuda) write(join(libraryDirectory, 'libtorch_cuda.so'), '');
  const config = [
    fake.abiFlag === undefined
      ? ''
      : `set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=${String(fake.abiFlag)}")`,
    fake.cxxStandard === undefined ? '' : `  CXX_STANDARD ${String(fake.cxxStandard)}`,
  ].join('\n');
  write(join(configDirectory, 'TorchConfig.cmake'), config);
}

/** A zip/wheel layout: root/include, root/lib, root/share/cmake/Torch. */
function fakeRoot(root: string, fake: FakeLibtorch = {}): string {
  fakeLibtorch(join(root, 'include'), join(root, 'lib'), join(root, 'share/cmake/Torch'), fake);
  return root;
}

let directory: string;
let systemRoot: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'find-libtorch-'));
  systemRoot = join(directory, 'system');
  mkdirSync(systemRoot);
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('findLibtorch', () => {
  it('finds nothing on an empty system and records every step with its reason', () => {
    const search = findLibtorch({ environment: {}, systemRoot });
    expect(search.installation).toBeUndefined();
    expect(search.tried.map((step) => step.source)).toEqual([
      'TRAIN_GPU_LIBTORCH',
      'LIBTORCH',
      'LIBTORCH_USE_PYTORCH',
      'debian libtorch-dev',
      'debian libtorch-dev',
      '/usr/lib',
      'system libtorch directory',
      'system libtorch directory',
    ]);
    expect(search.tried[0]?.reason).toBe('not set');
    expect(search.tried[2]?.reason).toMatch(/not set to 1/);
    expect(search.tried.at(-1)?.location).toBe(join(systemRoot, 'opt', 'libtorch'));
  });

  it('uses TRAIN_GPU_LIBTORCH first and reads version, ABI flag, standard and CUDA', () => {
    const root = fakeRoot(join(directory, 'zip'), {
      version: '2.5.1',
      abiFlag: 0,
      cxxStandard: 17,
      cuda: true,
    });
    const other = fakeRoot(join(directory, 'other'));
    const search = findLibtorch({
      environment: { TRAIN_GPU_LIBTORCH: root, LIBTORCH: other },
      systemRoot,
    });
    expect(search.installation).toEqual({
      source: 'TRAIN_GPU_LIBTORCH',
      includeDirectory: join(root, 'include'),
      libraryDirectory: join(root, 'lib'),
      version: '2.5.1',
      major: 2,
      minor: 5,
      cxx11Abi: false,
      cuda: true,
      cxxStandard: 17,
    });
    expect(search.tried).toEqual([
      { source: 'TRAIN_GPU_LIBTORCH', location: root, reason: 'used' },
    ]);
  });

  it('follows torch 2.9+ headeronly/version.h and takes C++20 from TorchConfig', () => {
    const root = fakeRoot(join(directory, 'wheel'), { headerOnly: true, cxxStandard: 20 });
    const search = findLibtorch({ environment: { LIBTORCH: root }, systemRoot });
    expect(search.installation).toMatchObject({
      source: 'LIBTORCH',
      version: '2.13.0',
      cxx11Abi: true,
      cuda: false,
      cxxStandard: 20,
    });
    expect(search.tried[0]).toEqual({
      source: 'TRAIN_GPU_LIBTORCH',
      location: '(unset)',
      reason: 'not set',
    });
  });

  it('lets LIBTORCH_INCLUDE / LIBTORCH_LIB override the parts of the root', () => {
    const split = join(directory, 'split');
    fakeLibtorch(join(split, 'headers'), join(split, 'libs'), join(split, 'share/cmake/Torch'));
    const search = findLibtorch({
      environment: {
        LIBTORCH: join(directory, 'elsewhere'),
        LIBTORCH_INCLUDE: join(split, 'headers'),
        LIBTORCH_LIB: join(split, 'libs'),
      },
      systemRoot,
    });
    expect(search.installation?.includeDirectory).toBe(join(split, 'headers'));
    expect(search.installation?.libraryDirectory).toBe(join(split, 'libs'));
  });

  it('names the missing libraries of an incomplete root and moves on', () => {
    const root = fakeRoot(join(directory, 'broken'), { libraries: ['libc10.so'] });
    const search = findLibtorch({ environment: { TRAIN_GPU_LIBTORCH: root }, systemRoot });
    expect(search.installation).toBeUndefined();
    expect(search.tried[0]?.reason).toBe(
      `libtorch.so, libtorch_cpu.so not found in ${join(root, 'lib')}`,
    );
  });

  it('rejects a version outside 1.13 ≤ v < 3 unless the check is bypassed', () => {
    const root = fakeRoot(join(directory, 'old'), { version: '1.12.1' });
    const refused = findLibtorch({ environment: { TRAIN_GPU_LIBTORCH: root }, systemRoot });
    expect(refused.installation).toBeUndefined();
    expect(refused.tried[0]?.reason).toMatch(/1\.12\.1 is outside the tested range/);
    const bypassed = findLibtorch({
      environment: { TRAIN_GPU_LIBTORCH: root, TRAIN_GPU_LIBTORCH_BYPASS_VERSION_CHECK: '1' },
      systemRoot,
    });
    expect(bypassed.installation?.version).toBe('1.12.1');
  });

  it('reports a root without version.h', () => {
    const root = join(directory, 'headerless');
    for (const name of ['libtorch.so', 'libtorch_cpu.so', 'libc10.so']) {
      write(join(root, 'lib', name), '');
    }
    const search = findLibtorch({ environment: { TRAIN_GPU_LIBTORCH: root }, systemRoot });
    expect(search.tried[0]?.reason).toMatch(/^no readable .*version\.h$/);
  });

  describe('LIBTORCH_USE_PYTORCH=1', () => {
    it('asks $VIRTUAL_ENV/bin/python and takes the ABI from torch', () => {
      const torchRoot = fakeRoot(join(directory, 'venv/lib/python3.11/site-packages/torch'), {
        abiFlag: 1,
      });
      const calls: string[] = [];
      const search = findLibtorch({
        environment: { LIBTORCH_USE_PYTORCH: '1', VIRTUAL_ENV: join(directory, 'venv') },
        systemRoot,
        runPython: (python) => {
          calls.push(python);
          return `${JSON.stringify({ root: torchRoot, version: '2.13.0+cpu', cxx11Abi: false, cuda: null })}\n`;
        },
      });
      expect(calls).toEqual([join(directory, 'venv', 'bin', 'python')]);
      expect(search.installation).toMatchObject({
        source: 'LIBTORCH_USE_PYTORCH',
        libraryDirectory: join(torchRoot, 'lib'),
        cxx11Abi: false,
      });
    });

    it('runs a real interpreter (a fake python script) by default', () => {
      const torchRoot = fakeRoot(join(directory, 'venv/lib/python3.12/site-packages/torch'));
      const python = join(directory, 'venv', 'bin', 'python');
      write(
        python,
        `#!/bin/sh\necho '${JSON.stringify({ root: torchRoot, version: '2.13.0', cxx11Abi: true, cuda: '12.8' })}'\n`,
      );
      chmodSync(python, 0o755);
      const search = findLibtorch({
        environment: { LIBTORCH_USE_PYTORCH: '1', VIRTUAL_ENV: join(directory, 'venv') },
        systemRoot,
      });
      expect(search.installation?.includeDirectory).toBe(join(torchRoot, 'include'));
    });

    it('uses python3 without a virtualenv', () => {
      const torchRoot = fakeRoot(join(directory, 'site/torch'));
      const calls: string[] = [];
      const search = findLibtorch({
        environment: { LIBTORCH_USE_PYTORCH: '1' },
        systemRoot,
        runPython: (python) => {
          calls.push(python);
          return JSON.stringify({ root: torchRoot, version: '2.13.0', cxx11Abi: true, cuda: null });
        },
      });
      expect(calls).toEqual(['python3']);
      expect(search.installation?.source).toBe('LIBTORCH_USE_PYTORCH');
    });

    it('falls back to the site-packages glob when Python fails, recording the failure', () => {
      const torchRoot = fakeRoot(join(directory, 'venv/lib/python3.11/site-packages/torch'));
      const search = findLibtorch({
        environment: { LIBTORCH_USE_PYTORCH: '1', VIRTUAL_ENV: join(directory, 'venv') },
        systemRoot,
        runPython: () => {
          throw new Error("ModuleNotFoundError: No module named 'torch'");
        },
      });
      expect(search.tried.find((step) => step.source === 'LIBTORCH_USE_PYTORCH')?.reason).toBe(
        "could not ask it for torch: ModuleNotFoundError: No module named 'torch'",
      );
      expect(search.installation).toMatchObject({
        source: 'VIRTUAL_ENV site-packages',
        libraryDirectory: join(torchRoot, 'lib'),
      });
    });
  });

  it('finds the Debian libtorch-dev layout', () => {
    const libraryDirectory = join(systemRoot, 'usr/lib/x86_64-linux-gnu');
    fakeLibtorch(
      join(systemRoot, 'usr/include'),
      libraryDirectory,
      join(libraryDirectory, 'cmake/Torch'),
      { version: '1.13.0', abiFlag: 1, cxxStandard: 14 },
    );
    const search = findLibtorch({ environment: {}, systemRoot });
    expect(search.installation).toMatchObject({
      source: 'debian libtorch-dev',
      includeDirectory: join(systemRoot, 'usr/include'),
      libraryDirectory,
      version: '1.13.0',
      cxx11Abi: true,
      cxxStandard: 17,
    });
  });

  it('finds /usr/lib/libtorch.so, then /usr/local/libtorch, then /opt/libtorch', () => {
    fakeRoot(join(systemRoot, 'opt/libtorch'));
    expect(findLibtorch({ environment: {}, systemRoot }).installation?.libraryDirectory).toBe(
      join(systemRoot, 'opt/libtorch/lib'),
    );
    fakeRoot(join(systemRoot, 'usr/local/libtorch'));
    expect(findLibtorch({ environment: {}, systemRoot }).installation?.libraryDirectory).toBe(
      join(systemRoot, 'usr/local/libtorch/lib'),
    );
    fakeLibtorch(
      join(systemRoot, 'usr/include'),
      join(systemRoot, 'usr/lib'),
      join(systemRoot, 'usr/share/cmake/Torch'),
    );
    const search = findLibtorch({ environment: {}, systemRoot });
    expect(search.installation).toMatchObject({
      source: '/usr/lib',
      libraryDirectory: join(systemRoot, 'usr/lib'),
    });
  });
});
