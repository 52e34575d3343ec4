/**
 * `launchDistributed()`: starts the ranks of a data-parallel run as child processes on this
 * host (as torchrun does for Python), each told its rank, the world size and the rendezvous
 * through environment variables that `distributedFromEnv()` reads; waits for all of them and,
 * when one fails, stops the others.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistributedLaunchError, type RankExit, TrainingInputError } from '../errors';
import type { DistributedOptions, DistributedStore } from '../native/distributed';

/** The environment variables a launched rank receives. */
export const distributedEnvironment = {
  rank: 'DAGNOSTICS_RANK',
  worldSize: 'DAGNOSTICS_WORLD_SIZE',
  /** `file:<path>` or `tcp://<host>:<port>`. */
  store: 'DAGNOSTICS_STORE',
  backend: 'DAGNOSTICS_DIST_BACKEND',
  timeoutMs: 'DAGNOSTICS_DIST_TIMEOUT_MS',
} as const;

/** Settings of `launchDistributed()`. */
export interface LaunchDistributedOptions {
  /** Number of ranks (processes). */
  readonly worldSize: number;
  /** Arguments of each rank's process, e.g. `['worker.js']` or `['--import', 'tsx', 'worker.ts']`. */
  readonly args: readonly string[];
  /** The program to run; default this Node (`process.execPath`). */
  readonly command?: string;
  readonly cwd?: string;
  /** Added to this process's environment for every rank. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The rendezvous. Default: a `FileStore` in a new temporary folder (removed afterwards).
   * A `tcp` store is served by rank 0.
   */
  readonly store?: DistributedStore;
  readonly backend?: 'gloo' | 'nccl';
  /** Passed to the ranks as their collective timeout. */
  readonly timeoutMs?: number;
  /**
   * `'prefix'` (default): each rank's output lines go to this process's stdout/stderr as
   * `[rank N] line`; `'inherit'`: unprefixed; `'ignore'`: dropped (stderr tails are kept).
   */
  readonly output?: 'prefix' | 'inherit' | 'ignore';
  /** Stops every rank (SIGTERM, then SIGKILL after `killAfterMs`); rejects with the reason. */
  readonly signal?: AbortSignal;
  /** Grace between SIGTERM and SIGKILL when stopping ranks (default 5000 ms). */
  readonly killAfterMs?: number;
}

/** What `launchDistributed()` resolves to when every rank exited 0. */
export interface LaunchDistributedResult {
  readonly ranks: readonly RankExit[];
  readonly durationMs: number;
}

/**
 * Reads the rank, world size and rendezvous that `launchDistributed()` (or torchrun-style
 * `RANK`, `WORLD_SIZE`, `MASTER_ADDR`, `MASTER_PORT`) put in the environment; undefined
 * when there is none, so a script runs alone or launched alike.
 *
 * @example
 * // worker.ts, started by launchDistributed({ worldSize: 2, args: ['worker.js'] })
 * const distributed = distributedFromEnv();
 * const { weights } = await trainNative({ ...settings, ...(distributed ? { distributed } : {}) });
 */
export function distributedFromEnv(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): DistributedOptions | undefined {
  const names = distributedEnvironment;
  const rankText = environment[names.rank] ?? environment.RANK;
  const sizeText = environment[names.worldSize] ?? environment.WORLD_SIZE;
  if (rankText === undefined || sizeText === undefined) return undefined;
  const rank = Number(rankText);
  const worldSize = Number(sizeText);
  if (!Number.isInteger(rank) || !Number.isInteger(worldSize) || worldSize < 1) {
    throw new TrainingInputError({
      argument: names.rank,
      message: `Bad rank/world size in the environment: rank ${rankText}, world size ${sizeText}.`,
    });
  }
  const storeText = environment[names.store];
  let store: DistributedStore;
  if (storeText !== undefined) {
    store = parseDistributedStore(storeText);
  } else if (environment.MASTER_ADDR !== undefined && environment.MASTER_PORT !== undefined) {
    store = { kind: 'tcp', host: environment.MASTER_ADDR, port: Number(environment.MASTER_PORT) };
  } else {
    throw new TrainingInputError({
      argument: names.store,
      message: `${names.store} (file:<path> or tcp://<host>:<port>) or MASTER_ADDR and MASTER_PORT must be set with a rank.`,
    });
  }
  const backend = environment[names.backend];
  const timeoutText = environment[names.timeoutMs];
  return {
    rank,
    worldSize,
    store,
    ...(backend === 'gloo' || backend === 'nccl' ? { backend } : {}),
    ...(timeoutText === undefined ? {} : { timeoutMs: Number(timeoutText) }),
  };
}

/** Parses `file:<path>` or `tcp://<host>:<port>` (IPv6 hosts in brackets). */
export function parseDistributedStore(text: string): DistributedStore {
  if (text.startsWith('file:')) return { kind: 'file', path: text.slice('file:'.length) };
  const match = /^tcp:\/\/(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  if (match?.[1] !== undefined && match[2] !== undefined) {
    return { kind: 'tcp', host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2]) };
  }
  throw new TrainingInputError({
    argument: distributedEnvironment.store,
    message: `${distributedEnvironment.store}=${text}: expected file:<path> or tcp://<host>:<port>.`,
  });
}

function formatStore(store: DistributedStore): string {
  return store.kind === 'file' ? `file:${store.path}` : `tcp://${store.host}:${String(store.port)}`;
}

const tailBytes = 4096;

/**
 * Starts `worldSize` processes (`command args`, default this Node), rank r with
 * `DAGNOSTICS_RANK=r`, `DAGNOSTICS_WORLD_SIZE`, `DAGNOSTICS_STORE` (and the backend and
 * timeout when given), and waits for all. Resolves when every rank exits 0; when one fails,
 * the others get SIGTERM (SIGKILL after `killAfterMs`) and the promise rejects with a
 * `DistributedLaunchError` saying how each ended.
 *
 * @example
 * await launchDistributed({ worldSize: 2, args: ['dist/train-worker.js'] });
 */
export async function launchDistributed(
  options: LaunchDistributedOptions,
): Promise<LaunchDistributedResult> {
  const { worldSize } = options;
  if (!Number.isInteger(worldSize) || worldSize < 1) {
    throw new TrainingInputError({
      argument: 'worldSize',
      message: 'worldSize must be an integer >= 1.',
    });
  }
  options.signal?.throwIfAborted();
  const started = performance.now();
  const folder =
    options.store === undefined ? await mkdtemp(join(tmpdir(), 'dagnostics-dist-')) : undefined;
  const store: DistributedStore = options.store ?? {
    kind: 'file',
    path: join(folder as string, 'store'),
  };
  const output = options.output ?? 'prefix';
  const killAfterMs = options.killAfterMs ?? 5000;
  const names = distributedEnvironment;
  const exits: (RankExit | undefined)[] = new Array(worldSize).fill(undefined);
  const children = Array.from({ length: worldSize }, (_, rank) => {
    const child = spawn(options.command ?? process.execPath, [...options.args], {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: {
        ...process.env,
        ...options.env,
        [names.rank]: String(rank),
        [names.worldSize]: String(worldSize),
        [names.store]: formatStore(store),
        ...(options.backend === undefined ? {} : { [names.backend]: options.backend }),
        ...(options.timeoutMs === undefined
          ? {}
          : { [names.timeoutMs]: String(options.timeoutMs) }),
      },
      stdio: ['ignore', output === 'inherit' ? 'inherit' : 'pipe', 'pipe'],
    });
    return { rank, child, stderrTail: '' };
  });

  let stopping = false;
  let firstFailure: number | undefined;
  const stopAll = (): void => {
    if (stopping) return;
    stopping = true;
    for (const { child } of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    const timer = setTimeout(() => {
      for (const { child } of children) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }, killAfterMs);
    timer.unref();
  };
  const onAbort = (): void => stopAll();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const forward = (stream: NodeJS.ReadableStream, target: NodeJS.WritableStream, rank: number) => {
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      if (output === 'ignore') return;
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) target.write(`[rank ${String(rank)}] ${line}\n`);
    });
    stream.on('end', () => {
      if (output !== 'ignore' && pending !== '')
        target.write(`[rank ${String(rank)}] ${pending}\n`);
    });
  };

  try {
    await Promise.all(
      children.map(
        (entry) =>
          new Promise<void>((resolve) => {
            const { child, rank } = entry;
            if (child.stdout !== null && output !== 'inherit') {
              forward(child.stdout, process.stdout, rank);
            }
            child.stderr?.on('data', (chunk: Buffer) => {
              entry.stderrTail = (entry.stderrTail + chunk.toString()).slice(-tailBytes);
            });
            if (child.stderr !== null) forward(child.stderr, process.stderr, rank);
            child.on('error', (error) => {
              entry.stderrTail += `\n${error.message}`;
            });
            child.on('close', (code, signal) => {
              exits[rank] = { rank, code, signal, stderrTail: entry.stderrTail };
              if (code !== 0) {
                firstFailure ??= rank;
                stopAll();
              }
              resolve();
            });
          }),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  }
  const ranks = exits.map(
    (exit, rank) => exit ?? { rank, code: null, signal: null, stderrTail: '' },
  );
  if (options.signal?.aborted) throw options.signal.reason;
  const failed = ranks.filter((exit) => exit.code !== 0);
  if (failed.length > 0) {
    // The rank that failed first; the others were stopped or failed because of it.
    const first = ranks[firstFailure ?? (failed[0] as RankExit).rank];
    const describe = (exit: RankExit): string =>
      exit.signal === null ? `exit code ${String(exit.code)}` : `signal ${exit.signal}`;
    throw new DistributedLaunchError({
      message: `Rank ${String(first?.rank)} of ${String(worldSize)} failed (${first ? describe(first) : ''}); ${ranks
        .map((exit) => `rank ${String(exit.rank)}: ${exit.code === 0 ? 'ok' : describe(exit)}`)
        .join(
          ', ',
        )}.${first?.stderrTail ? ` Its stderr ends:\n${first.stderrTail.trimEnd()}` : ''}`,
      ranks,
    });
  }
  return { ranks, durationMs: performance.now() - started };
}
