/**
 * Loads the native addon lazily (never at import) and explains, with a typed error, why it
 * is unavailable: not built, or built but unloadable (missing libtorch, ABI mismatch).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeUnavailableError } from '../errors';
import { type FindLibtorchOptions, findLibtorch, type LibtorchCandidate } from './find-libtorch';
import type { NativeAddon } from './native-addon';

/** Settings of `loadNative()`. */
export interface LoadNativeOptions extends FindLibtorchOptions {
  /**
   * Paths to try for `train_gpu.node`. Default: `TRAIN_GPU_NATIVE_ADDON` if set, then the
   * package's `build/train_gpu.node` (seen from `src/native/` and from `dist/`).
   */
  readonly addonPaths?: readonly string[];
}

const buildHint =
  'Install libtorch (or point TRAIN_GPU_LIBTORCH at one, or set LIBTORCH_USE_PYTORCH=1 in a virtualenv with torch), then run packages/train-gpu/scripts/build-native.sh. The TypeScript reference trainer works without it.';

let cached: NativeAddon | undefined;

function moduleDirectory(): string {
  // import.meta.url is undefined in the CJS build, where __dirname exists instead.
  const url = import.meta.url as string | undefined;
  return typeof url === 'string' ? dirname(fileURLToPath(url)) : __dirname;
}

/** Where `loadNative()` looks for the addon by default. */
export function defaultAddonPaths(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const here = moduleDirectory();
  const paths = [
    resolve(here, '..', '..', 'build', 'train_gpu.node'),
    resolve(here, '..', 'build', 'train_gpu.node'),
  ];
  const override = environment.TRAIN_GPU_NATIVE_ADDON;
  return override ? [resolve(override), ...paths] : paths;
}

function dlopen(path: string): NativeAddon {
  const module = { exports: {} as NativeAddon };
  process.dlopen(module, path);
  return module.exports;
}

/**
 * Returns the native addon, loading it on first use. Throws `NativeUnavailableError` when it
 * cannot: its `tried` lists each addon path and each libtorch location looked at, with the
 * reason, and its message says how to fix it; a dlopen failure (a missing `libtorch_cpu.so`,
 * an undefined `std::__cxx11` symbol) is kept as `cause`.
 */
export function loadNative(options: LoadNativeOptions = {}): NativeAddon {
  if (cached !== undefined && options.addonPaths === undefined) return cached;
  const paths = options.addonPaths ?? defaultAddonPaths(options.environment);
  const tried: LibtorchCandidate[] = [];
  for (const path of paths) {
    if (!existsSync(path)) {
      tried.push({ source: 'addon', location: path, reason: 'not built' });
      continue;
    }
    try {
      const addon = dlopen(path);
      if (options.addonPaths === undefined) cached = addon;
      return addon;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new NativeUnavailableError({
        message: `The train-gpu native addon at ${path} is built but could not be loaded (${detail}). Rebuild it against the libtorch you have with packages/train-gpu/scripts/build-native.sh, and keep that libtorch where it was when it was built.`,
        tried: [...tried, { source: 'addon', location: path, reason: `dlopen failed: ${detail}` }],
        cause: error,
      });
    }
  }
  const search = findLibtorch(options);
  const libtorch = search.installation
    ? `libtorch ${search.installation.version} was found in ${search.installation.libraryDirectory} but the addon is not built`
    : 'no libtorch was found';
  throw new NativeUnavailableError({
    message: `The train-gpu native trainer is unavailable: ${libtorch}. ${buildHint} Tried: ${[
      ...tried,
      ...search.tried,
    ]
      .map((step) => `${step.source} ${step.location}: ${step.reason}`)
      .join('; ')}.`,
    tried: [...tried, ...search.tried],
  });
}
