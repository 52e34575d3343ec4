import { parseArgs } from 'node:util';
import { launchDistributed, parseDistributedStore } from '../distributed/launch';
import { DistributedLaunchError, TrainingInputError } from '../errors';
import type { DistributedStore } from '../native/distributed';

const usage = `Usage: dagnostics-train-launch --nproc <N> [--store file:<path> | tcp://<host>:<port>]
                              [--backend gloo|nccl] [--timeout-ms <ms>] [--quiet]
                              -- <command> [arguments...]

Starts N copies of <command> as the ranks of a data-parallel run (as torchrun does), each
with DAGNOSTICS_RANK, DAGNOSTICS_WORLD_SIZE and DAGNOSTICS_STORE set for distributedFromEnv(),
prints their output prefixed with [rank N], and waits. When one rank fails the others are
stopped. Exits 0 when every rank exits 0, 1 when one fails, 2 on bad usage.`;

/**
 * The `dagnostics-train-launch` command: parses `argv` (without node and the script), runs
 * `launchDistributed`, and returns the exit code (0 every rank succeeded, 1 a rank failed,
 * 2 bad usage) instead of exiting, so it can be tested. `signal` stops every rank.
 */
export async function runLaunchCli(
  argv: readonly string[],
  options: {
    readonly out?: (line: string) => void;
    readonly err?: (line: string) => void;
    readonly signal?: AbortSignal;
  } = {},
): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (parsed.help) {
    out(usage);
    return 0;
  }
  const [command, ...args] = parsed.command;
  if (command === undefined) {
    err(`No command to launch: put it after --.\n\n${usage}`);
    return 2;
  }
  try {
    const result = await launchDistributed({
      worldSize: parsed.worldSize,
      command,
      args,
      ...(parsed.store === undefined ? {} : { store: parsed.store }),
      ...(parsed.backend === undefined ? {} : { backend: parsed.backend }),
      ...(parsed.timeoutMs === undefined ? {} : { timeoutMs: parsed.timeoutMs }),
      output: parsed.quiet ? 'ignore' : 'prefix',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    out(
      `dagnostics-train-launch: ${String(parsed.worldSize)} ranks finished in ${(result.durationMs / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    if (DistributedLaunchError.isInstance(error)) {
      err(`dagnostics-train-launch: ${error.message}`);
      return 1;
    }
    if (TrainingInputError.isInstance(error)) {
      err(`${error.message}\n\n${usage}`);
      return 2;
    }
    throw error;
  }
}

function parse(argv: readonly string[]): {
  help: boolean;
  worldSize: number;
  store?: DistributedStore;
  backend?: 'gloo' | 'nccl';
  timeoutMs?: number;
  quiet: boolean;
  command: string[];
} {
  const separator = argv.indexOf('--');
  const own = separator < 0 ? [...argv] : argv.slice(0, separator);
  const command = separator < 0 ? [] : argv.slice(separator + 1);
  const { values } = parseArgs({
    args: own,
    options: {
      nproc: { type: 'string' },
      store: { type: 'string' },
      backend: { type: 'string' },
      'timeout-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) return { help: true, worldSize: 0, quiet: false, command: [] };
  const worldSize = Number(values.nproc);
  if (values.nproc === undefined || !Number.isInteger(worldSize) || worldSize < 1) {
    throw new Error('--nproc must be a positive integer.');
  }
  const backend = values.backend;
  if (backend !== undefined && backend !== 'gloo' && backend !== 'nccl') {
    throw new Error(`--backend must be gloo or nccl, not ${backend}.`);
  }
  const timeoutText = values['timeout-ms'];
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new Error('--timeout-ms must be a positive number.');
  }
  return {
    help: false,
    worldSize,
    ...(values.store === undefined ? {} : { store: parseDistributedStore(values.store) }),
    ...(backend === undefined ? {} : { backend }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    quiet: values.quiet === true,
    command,
  };
}
