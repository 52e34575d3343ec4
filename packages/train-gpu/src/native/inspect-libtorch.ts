/**
 * Checks one libtorch candidate (an include and a library directory) and reads what the
 * build needs from its files: version (`torch/version.h`), C++ ABI (`TORCH_CXX_FLAGS` in
 * `TorchConfig.cmake`), C++ standard and CUDA flavour (`libtorch_cuda.so`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A usable libtorch. */
export interface LibtorchInstallation {
  /** The discovery step that found it, e.g. `TRAIN_GPU_LIBTORCH`. */
  readonly source: string;
  /** Holds `torch/`, `c10/` and `torch/csrc/api/include`. */
  readonly includeDirectory: string;
  /** Holds `libtorch.so`, `libtorch_cpu.so`, `libc10.so`. */
  readonly libraryDirectory: string;
  /** `major.minor.patch`, from `version.h`. */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  /** The `_GLIBCXX_USE_CXX11_ABI` libtorch was built with (true = 1). */
  readonly cxx11Abi: boolean;
  /** True when `libtorch_cuda.so` is present (a CUDA build; a GPU may still be absent). */
  readonly cuda: boolean;
  /** C++ standard its headers need: 17, or what `TorchConfig.cmake` asks for (20 in 2.13). */
  readonly cxxStandard: number;
}

/** What `inspectLibtorch()` was given. */
export interface LibtorchProbe {
  readonly source: string;
  readonly includeDirectory: string;
  readonly libraryDirectory: string;
  /** Accept versions outside 1.13 ≤ v < 3. */
  readonly bypassVersionCheck: boolean;
  /** The ABI reported by Python's `torch`, which wins over the files when given. */
  readonly cxx11Abi?: boolean;
}

/** The verdict on one candidate. */
export type LibtorchVerdict =
  | { readonly installation: LibtorchInstallation; readonly reason?: undefined }
  | { readonly installation?: undefined; readonly reason: string };

const requiredLibraries = ['libtorch.so', 'libtorch_cpu.so', 'libc10.so'];
const versionHeader = join('torch', 'csrc', 'api', 'include', 'torch', 'version.h');

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function define(text: string, name: string): number | undefined {
  const match = new RegExp(`#define\\s+${name}\\s+(\\d+)`).exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Reads `TORCH_VERSION_MAJOR/MINOR/PATCH` from `version.h`; since torch 2.9 that file only
 * includes `torch/headeronly/version.h`, which is followed (one level, inside the include dir).
 */
export function readTorchVersion(
  includeDirectory: string,
): { major: number; minor: number; patch: number } | undefined {
  let text = readOptional(join(includeDirectory, versionHeader));
  if (text === undefined) return undefined;
  if (define(text, 'TORCH_VERSION_MAJOR') === undefined) {
    const included = /#include\s+[<"]([^>"]*version\.h)[>"]/.exec(text);
    text = included?.[1] ? readOptional(join(includeDirectory, included[1])) : undefined;
    if (text === undefined) return undefined;
  }
  const major = define(text, 'TORCH_VERSION_MAJOR');
  const minor = define(text, 'TORCH_VERSION_MINOR');
  if (major === undefined || minor === undefined) return undefined;
  return { major, minor, patch: define(text, 'TORCH_VERSION_PATCH') ?? 0 };
}

/** `TorchConfig.cmake` of a zip/wheel (`share/cmake/Torch`) or of Debian (`lib/<triplet>/cmake/Torch`). */
function readTorchConfig(libraryDirectory: string): string | undefined {
  return (
    readOptional(join(libraryDirectory, '..', 'share', 'cmake', 'Torch', 'TorchConfig.cmake')) ??
    readOptional(join(libraryDirectory, 'cmake', 'Torch', 'TorchConfig.cmake'))
  );
}

/** Checks one candidate; never throws. */
export function inspectLibtorch(probe: LibtorchProbe): LibtorchVerdict {
  const { includeDirectory, libraryDirectory } = probe;
  const missing = requiredLibraries.filter((name) => !existsSync(join(libraryDirectory, name)));
  if (missing.length > 0) {
    return { reason: `${missing.join(', ')} not found in ${libraryDirectory}` };
  }
  const version = readTorchVersion(includeDirectory);
  if (version === undefined) {
    return { reason: `no readable ${join(includeDirectory, versionHeader)}` };
  }
  const text = `${version.major}.${version.minor}.${version.patch}`;
  const supported =
    version.major < 3 && (version.major > 1 || (version.major === 1 && version.minor >= 13));
  if (!supported && !probe.bypassVersionCheck) {
    return {
      reason: `libtorch ${text} is outside the tested range 1.13 ≤ v < 3 (set TRAIN_GPU_LIBTORCH_BYPASS_VERSION_CHECK=1 to try it anyway)`,
    };
  }
  const config = readTorchConfig(libraryDirectory) ?? '';
  const abiFlag = /_GLIBCXX_USE_CXX11_ABI=([01])/.exec(config);
  // Without a flag: 2.7+ is built with the C++11 ABI only (pytorch#146200), and so are
  // older Debian and cxx11 zips, whose configs name the flag anyway.
  const cxx11Abi = probe.cxx11Abi ?? (abiFlag ? abiFlag[1] === '1' : true);
  const standard = /CXX_STANDARD\s+(\d+)/.exec(config);
  const cxxStandard = Math.max(17, standard ? Number(standard[1]) : 17);
  return {
    installation: {
      source: probe.source,
      includeDirectory,
      libraryDirectory,
      version: text,
      major: version.major,
      minor: version.minor,
      cxx11Abi,
      cuda: existsSync(join(libraryDirectory, 'libtorch_cuda.so')),
      cxxStandard,
    },
  };
}
