/**
 * Finds an installed libtorch without downloading anything, in the order of
 * native-serving.md §3.1: environment variables, then (opt-in) the Python `torch` package,
 * then system installs. Every candidate looked at is recorded with the reason it was or was
 * not used, so a failed search can say exactly what to fix.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspectLibtorch, type LibtorchInstallation } from './inspect-libtorch';

export type { LibtorchInstallation } from './inspect-libtorch';

/** One candidate the search looked at: where the hint came from, the path, and the verdict. */
export interface LibtorchCandidate {
  /** The step, e.g. `TRAIN_GPU_LIBTORCH`, `LIBTORCH_USE_PYTORCH`, `debian libtorch-dev`. */
  readonly source: string;
  /** The directory or command looked at; `(unset)` when an environment variable was absent. */
  readonly location: string;
  /** Why it was skipped, or `used` for the winner. */
  readonly reason: string;
}

/** What `findLibtorch()` returns: the first usable install (if any) and every step tried. */
export interface LibtorchSearch {
  readonly installation?: LibtorchInstallation;
  readonly tried: readonly LibtorchCandidate[];
}

/** What the Python step reads from `torch` (printed as JSON by the interpreter). */
export interface PythonTorchInfo {
  /** `os.path.dirname(torch.__file__)`: holds `include/`, `lib/` and `share/cmake/Torch`. */
  readonly root: string;
  readonly version: string;
  readonly cxx11Abi: boolean;
  /** `torch.version.cuda`, or null for a CPU build. */
  readonly cuda: string | null;
}

/** Settings of `findLibtorch()`. */
export interface FindLibtorchOptions {
  /** Environment to read the variables from. Default `process.env`. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /**
   * Prefix of the system paths (`/usr`, `/opt`), for tests with a fake tree. Default `/`.
   */
  readonly systemRoot?: string;
  /**
   * Runs `python` and returns what it prints for the torch query, or throws. Default: runs it
   * with `execFileSync` and a 30 s timeout.
   */
  readonly runPython?: (python: string, script: string) => string;
}

const pythonScript = [
  'import json, os, torch',
  'print(json.dumps({"root": os.path.dirname(torch.__file__), "version": torch.__version__,',
  ' "cxx11Abi": bool(torch._C._GLIBCXX_USE_CXX11_ABI), "cuda": torch.version.cuda}))',
].join('\n');

const debianTriplets = ['x86_64-linux-gnu', 'aarch64-linux-gnu'];

function runPythonDefault(python: string, script: string): string {
  return execFileSync(python, ['-c', script], {
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

function parsePythonInfo(output: string): PythonTorchInfo {
  const lines = output.trim().split('\n');
  const info = JSON.parse(lines[lines.length - 1] ?? '') as Partial<PythonTorchInfo>;
  if (typeof info.root !== 'string' || typeof info.version !== 'string') {
    throw new Error('the interpreter printed no torch root/version');
  }
  return {
    root: info.root,
    version: info.version,
    cxx11Abi: info.cxx11Abi !== false,
    cuda: typeof info.cuda === 'string' ? info.cuda : null,
  };
}

/** Globs `$VIRTUAL_ENV/lib/python3*\/site-packages/torch`, the fallback when Python fails. */
function virtualEnvironmentTorchRoots(virtualEnvironment: string): string[] {
  const lib = join(virtualEnvironment, 'lib');
  if (!existsSync(lib)) return [];
  return readdirSync(lib)
    .filter((name) => name.startsWith('python3'))
    .sort()
    .map((name) => join(lib, name, 'site-packages', 'torch'));
}

/**
 * Searches for libtorch, first hit wins:
 * 1. `TRAIN_GPU_LIBTORCH`, then its alias `LIBTORCH` (tch-rs): a root holding `include/` and
 *    `lib/`; `LIBTORCH_INCLUDE` / `LIBTORCH_LIB` override either part (or, alone together,
 *    name both).
 * 2. With `LIBTORCH_USE_PYTORCH=1`: `$VIRTUAL_ENV/bin/python` (or `python3`) is asked for
 *    torch's directory, version, C++ ABI and CUDA version; if it fails, the `torch` package
 *    under `$VIRTUAL_ENV/lib/python3*\/site-packages` is inspected directly.
 * 3. Debian/Ubuntu `libtorch-dev` (`/usr/lib/<triplet>` with `cmake/Torch`, headers in
 *    `/usr/include`), then `/usr/lib/libtorch.so`, then `/usr/local/libtorch` and
 *    `/opt/libtorch`.
 *
 * A candidate qualifies when its libraries and `version.h` are there and its version is
 * in 1.13 ≤ v < 3 (`TRAIN_GPU_LIBTORCH_BYPASS_VERSION_CHECK=1` lifts the range).
 * Never downloads; never throws.
 */
export function findLibtorch(options: FindLibtorchOptions = {}): LibtorchSearch {
  const environment = options.environment ?? process.env;
  const systemRoot = options.systemRoot ?? '/';
  const runPython = options.runPython ?? runPythonDefault;
  const bypassVersionCheck = environment.TRAIN_GPU_LIBTORCH_BYPASS_VERSION_CHECK === '1';
  const tried: LibtorchCandidate[] = [];

  const attempt = (
    source: string,
    location: string,
    includeDirectory: string,
    libraryDirectory: string,
    python?: PythonTorchInfo,
  ): LibtorchInstallation | undefined => {
    const verdict = inspectLibtorch({
      source,
      includeDirectory,
      libraryDirectory,
      bypassVersionCheck,
      ...(python === undefined ? {} : { cxx11Abi: python.cxx11Abi }),
    });
    tried.push({ source, location, reason: verdict.installation ? 'used' : verdict.reason });
    return verdict.installation;
  };
  const found = (installation: LibtorchInstallation): LibtorchSearch => ({ installation, tried });

  // 1. Environment variables.
  const includeOverride = environment.LIBTORCH_INCLUDE;
  const libraryOverride = environment.LIBTORCH_LIB;
  for (const variable of ['TRAIN_GPU_LIBTORCH', 'LIBTORCH']) {
    const root = environment[variable];
    if (root === undefined || root === '') {
      tried.push({ source: variable, location: '(unset)', reason: 'not set' });
      continue;
    }
    const installation = attempt(
      variable,
      root,
      includeOverride || join(root, 'include'),
      libraryOverride || join(root, 'lib'),
    );
    if (installation) return found(installation);
  }
  if (includeOverride && libraryOverride) {
    const installation = attempt(
      'LIBTORCH_INCLUDE + LIBTORCH_LIB',
      `${includeOverride} + ${libraryOverride}`,
      includeOverride,
      libraryOverride,
    );
    if (installation) return found(installation);
  }

  // 2. Opt-in: the Python torch package.
  if (environment.LIBTORCH_USE_PYTORCH !== '1') {
    tried.push({
      source: 'LIBTORCH_USE_PYTORCH',
      location: '(unset)',
      reason: 'not set to 1, so the Python torch package was not asked',
    });
  } else {
    const virtualEnvironment = environment.VIRTUAL_ENV;
    const python = virtualEnvironment ? join(virtualEnvironment, 'bin', 'python') : 'python3';
    let info: PythonTorchInfo | undefined;
    try {
      info = parsePythonInfo(runPython(python, pythonScript));
    } catch (error) {
      tried.push({
        source: 'LIBTORCH_USE_PYTORCH',
        location: python,
        reason: `could not ask it for torch: ${errorText(error)}`,
      });
    }
    if (info !== undefined) {
      const installation = attempt(
        'LIBTORCH_USE_PYTORCH',
        `${python} → ${info.root}`,
        join(info.root, 'include'),
        join(info.root, 'lib'),
        info,
      );
      if (installation) return found(installation);
    } else if (virtualEnvironment) {
      for (const root of virtualEnvironmentTorchRoots(virtualEnvironment)) {
        const installation = attempt(
          'VIRTUAL_ENV site-packages',
          root,
          join(root, 'include'),
          join(root, 'lib'),
        );
        if (installation) return found(installation);
      }
    }
  }

  // 3. System installs.
  for (const triplet of debianTriplets) {
    const libraryDirectory = join(systemRoot, 'usr', 'lib', triplet);
    const location = join(libraryDirectory, 'cmake', 'Torch', 'TorchConfig.cmake');
    if (!existsSync(location)) {
      tried.push({ source: 'debian libtorch-dev', location, reason: 'not present' });
      continue;
    }
    const installation = attempt(
      'debian libtorch-dev',
      location,
      join(systemRoot, 'usr', 'include'),
      libraryDirectory,
    );
    if (installation) return found(installation);
  }
  const usrLib = join(systemRoot, 'usr', 'lib');
  if (existsSync(join(usrLib, 'libtorch.so'))) {
    const installation = attempt('/usr/lib', usrLib, join(systemRoot, 'usr', 'include'), usrLib);
    if (installation) return found(installation);
  } else {
    tried.push({
      source: '/usr/lib',
      location: join(usrLib, 'libtorch.so'),
      reason: 'not present',
    });
  }
  for (const root of [
    join(systemRoot, 'usr', 'local', 'libtorch'),
    join(systemRoot, 'opt', 'libtorch'),
  ]) {
    if (!existsSync(root)) {
      tried.push({ source: 'system libtorch directory', location: root, reason: 'not present' });
      continue;
    }
    const installation = attempt(
      'system libtorch directory',
      root,
      join(root, 'include'),
      join(root, 'lib'),
    );
    if (installation) return found(installation);
  }
  return { tried };
}
