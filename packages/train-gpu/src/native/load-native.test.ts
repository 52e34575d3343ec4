import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NativeUnavailableError, TrainingInputError } from '../errors';
import { defaultAddonPaths, loadNative } from './load-native';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'load-native-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('loadNative', () => {
  it('throws NativeUnavailableError listing the addon paths and every libtorch step', () => {
    const addon = join(directory, 'build', 'train_gpu.node');
    const error = caught(() =>
      loadNative({ addonPaths: [addon], environment: {}, systemRoot: directory }),
    );
    expect(NativeUnavailableError.isInstance(error)).toBe(true);
    expect(TrainingInputError.isInstance(error)).toBe(false);
    const unavailable = error as NativeUnavailableError;
    expect(unavailable.code).toBe('NATIVE_UNAVAILABLE');
    expect(unavailable.tried[0]).toEqual({ source: 'addon', location: addon, reason: 'not built' });
    expect(unavailable.tried.map((step) => step.source)).toContain('LIBTORCH_USE_PYTORCH');
    expect(unavailable.message).toMatch(/no libtorch was found/);
    expect(unavailable.message).toMatch(/scripts\/build-native\.sh/);
    expect(unavailable.message).toContain(`addon ${addon}: not built`);
  });

  it('says libtorch was found when only the addon is missing', () => {
    const root = join(directory, 'libtorch');
    const versionHeader = join(root, 'include/torch/csrc/api/include/torch/version.h');
    mkdirSync(dirname(versionHeader), { recursive: true });
    writeFileSync(versionHeader, '#define TORCH_VERSION_MAJOR 2\n#define TORCH_VERSION_MINOR 13\n');
    mkdirSync(join(root, 'lib'));
    for (const name of ['libtorch.so', 'libtorch_cpu.so', 'libc10.so']) {
      writeFileSync(join(root, 'lib', name), '');
    }
    const error = caught(() =>
      loadNative({
        addonPaths: [join(directory, 'missing.node')],
        environment: { TRAIN_GPU_LIBTORCH: root },
        systemRoot: directory,
      }),
    ) as NativeUnavailableError;
    expect(error.message).toContain(
      `libtorch 2.13.0 was found in ${join(root, 'lib')} but the addon is not built`,
    );
    expect(error.tried[1]).toEqual({
      source: 'TRAIN_GPU_LIBTORCH',
      location: root,
      reason: 'used',
    });
  });

  it('keeps the dlopen failure of a broken addon as the cause', () => {
    const addon = join(directory, 'train_gpu.node');
    writeFileSync(addon, 'not an ELF file');
    const error = caught(() => loadNative({ addonPaths: [addon] })) as NativeUnavailableError;
    expect(NativeUnavailableError.isInstance(error)).toBe(true);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.tried.at(-1)?.reason).toMatch(/^dlopen failed: /);
    expect(error.message).toMatch(/built but could not be loaded/);
  });

  it('looks at TRAIN_GPU_NATIVE_ADDON first, then the package build directory', () => {
    const paths = defaultAddonPaths({ TRAIN_GPU_NATIVE_ADDON: join(directory, 'x.node') });
    expect(paths[0]).toBe(join(directory, 'x.node'));
    expect(paths[1]).toMatch(/train-gpu\/build\/train_gpu\.node$/);
  });
});
