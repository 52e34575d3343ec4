import { arch, cpus, platform, release, totalmem, type } from 'node:os';
import { coreVersion } from '../version';
import { type GitInfo, readGitInfo } from './git-info';
import { type GpuInfo, readGpus } from './gpu-info';
import { findDagnosticsPackages, findLockfile, type LockfileInfo } from './package-info';

/** Options of {@link captureEnvironment}. */
export interface CaptureEnvironmentOptions {
  /** Directory whose git repository and lockfile describe the run. Default: `process.cwd()`. */
  cwd?: string;
  /** Ask `nvidia-smi` for GPUs. Default: `true`. */
  gpu?: boolean;
  /** Limit for each external command (git, nvidia-smi), in milliseconds. Default: 5000. */
  commandTimeoutMs?: number;
  /** Stops the external commands early. */
  signal?: AbortSignal;
}

/** Where a run executes: enough to explain why two runs of the same code differ. */
export interface EnvironmentSnapshot {
  /** When the snapshot was taken (ISO 8601). */
  capturedAt: string;
  /** `process.version`, e.g. `v20.20.2`. */
  nodeVersion: string;
  /** V8 version bundled with Node. */
  v8Version: string;
  os: { platform: string; type: string; release: string; arch: string };
  cpu: { model: string; count: number };
  /** Total physical memory in bytes. */
  memoryBytes: number;
  /** Undefined outside a git repository or when git is not installed. */
  git: GitInfo | undefined;
  /** The nearest lockfile and its SHA-256; undefined when none is found. */
  lockfile: LockfileInfo | undefined;
  /** Versions of the `@dagnostics/*` packages resolvable from `cwd`, plus this core. */
  packages: Record<string, string>;
  /** NVIDIA GPUs; empty without `nvidia-smi`. */
  gpus: GpuInfo[];
}

/**
 * Captures the run environment: Node and OS, CPU and memory, git commit/branch/dirty,
 * lockfile hash, `@dagnostics/*` versions and GPUs. Best effort: missing tools leave
 * their fields undefined or empty instead of throwing. Use {@link environmentTags} to
 * log it as MLflow tags.
 */
export async function captureEnvironment(
  options: CaptureEnvironmentOptions = {},
): Promise<EnvironmentSnapshot> {
  const cwd = options.cwd ?? process.cwd();
  const commandOptions = {
    timeoutMs: options.commandTimeoutMs ?? 5_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const [git, lockfile, packages, gpus] = await Promise.all([
    readGitInfo(cwd, commandOptions),
    findLockfile(cwd),
    findDagnosticsPackages(cwd),
    options.gpu === false ? Promise.resolve([]) : readGpus(commandOptions),
  ]);
  const processors = cpus();
  return {
    capturedAt: new Date().toISOString(),
    nodeVersion: process.version,
    v8Version: process.versions.v8,
    os: { platform: platform(), type: type(), release: release(), arch: arch() },
    cpu: { model: processors[0]?.model.trim() ?? 'unknown', count: processors.length },
    memoryBytes: totalmem(),
    git,
    lockfile,
    packages: { '@dagnostics/core': coreVersion, ...packages },
    gpus,
  };
}

/**
 * The snapshot as MLflow run tags: the standard `mlflow.source.git.*` tags that MLflow's
 * UI shows, and `dagnostics.env.*` for the rest. Values are strings, as MLflow requires.
 */
export function environmentTags(snapshot: EnvironmentSnapshot): Record<string, string> {
  const tags: Record<string, string> = {
    'dagnostics.env.node_version': snapshot.nodeVersion,
    'dagnostics.env.os': `${snapshot.os.type} ${snapshot.os.release} ${snapshot.os.arch}`,
    'dagnostics.env.cpu_model': snapshot.cpu.model,
    'dagnostics.env.cpu_count': String(snapshot.cpu.count),
    'dagnostics.env.memory_bytes': String(snapshot.memoryBytes),
    'dagnostics.env.packages': JSON.stringify(snapshot.packages),
    'dagnostics.env.captured_at': snapshot.capturedAt,
  };
  if (snapshot.git !== undefined) {
    tags['mlflow.source.git.commit'] = snapshot.git.commit;
    if (snapshot.git.branch !== undefined) tags['mlflow.source.git.branch'] = snapshot.git.branch;
    if (snapshot.git.repoUrl !== undefined)
      tags['mlflow.source.git.repoURL'] = snapshot.git.repoUrl;
    tags['dagnostics.env.git_dirty'] = String(snapshot.git.dirty);
  }
  if (snapshot.lockfile !== undefined) {
    tags['dagnostics.env.lockfile_sha256'] = snapshot.lockfile.sha256;
  }
  if (snapshot.gpus.length > 0) {
    tags['dagnostics.env.gpu'] = snapshot.gpus
      .map((gpu) => `${gpu.name} (${gpu.memoryMiB} MiB, driver ${gpu.driverVersion})`)
      .join('; ');
    tags['dagnostics.env.gpu_count'] = String(snapshot.gpus.length);
  }
  return tags;
}
