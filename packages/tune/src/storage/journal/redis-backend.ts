/**
 * A journal kept in Redis with the key layout of Optuna's `JournalRedisBackend`:
 * `<prefix>:log_number` holds the number of the last record (-1 before the first) and
 * `<prefix>:log:<n>` the n-th record as JSON. A Lua script increments the counter and
 * stores the record in one step, so records are totally ordered without a lock. Optuna's
 * pickled snapshot (`<prefix>:snapshot`) is neither read nor written: this backend replays
 * from the log, which Optuna keeps whole.
 */
import { StorageError } from '../../errors';
import type { JournalBackend } from './journal-backend';
import type { JournalLog } from './journal-log';
import { decodePythonJson, encodePythonJson } from './python-json';
import { createRespClient, type RespValue } from './resp-client';

/** Settings of {@link createJournalRedisBackend}. */
export interface JournalRedisBackendOptions {
  /** Key prefix, as Optuna's `prefix`. Default `""` (keys `:log_number`, `:log:0`, ...). */
  readonly prefix?: string;
  /** Receives warnings (an unreadable last record skipped). Default: `process.emitWarning`. */
  readonly onWarning?: (message: string) => void;
}

const appendScript =
  "local n = redis.call('incr', ARGV[1] .. ':log_number') " +
  "redis.call('set', ARGV[1] .. ':log:' .. n, ARGV[2])";
const readBatchSize = 1000;

function wrapRedisError(error: unknown, action: string): StorageError {
  if (error instanceof StorageError) return error;
  return new StorageError({
    message: `Redis refused to ${action}: ${(error as Error).message}`,
    cause: error,
  });
}

function decodeRecord(value: RespValue): JournalLog | undefined {
  if (!Buffer.isBuffer(value)) return undefined;
  try {
    const log = decodePythonJson(value.toString('utf8'));
    return typeof log === 'object' && log !== null && !Array.isArray(log)
      ? (log as JournalLog)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A journal backend over the Redis at `url` (`redis://[user:password@]host[:port][/db]`). */
export function createJournalRedisBackend(
  url: string,
  options: JournalRedisBackendOptions = {},
): JournalBackend {
  const prefix = options.prefix ?? '';
  const onWarning =
    options.onWarning ??
    ((message: string) => process.emitWarning(message, { type: 'DagnosticsTuneWarning' }));
  const client = createRespClient(url);
  const warnedAt = new Set<number>();

  return {
    async append(logs) {
      try {
        await client.command('SETNX', `${prefix}:log_number`, -1);
        for (const log of logs) {
          await client.command('EVAL', appendScript, 0, prefix, encodePythonJson(log));
        }
      } catch (error) {
        throw wrapRedisError(error, 'append to the journal');
      }
    },

    async readFrom(offset) {
      let last: number;
      try {
        const counter = await client.command('GET', `${prefix}:log_number`);
        if (counter === null) return { logs: [], nextOffset: offset };
        last = Number(String(counter));
      } catch (error) {
        throw wrapRedisError(error, 'read the journal');
      }
      const logs: JournalLog[] = [];
      let next = offset;
      while (next <= last) {
        const keys: string[] = [];
        for (let number = next; number <= Math.min(last, next + readBatchSize - 1); number += 1) {
          keys.push(`${prefix}:log:${number}`);
        }
        let values: RespValue;
        try {
          values = await client.command('MGET', ...keys);
        } catch (error) {
          throw wrapRedisError(error, 'read the journal');
        }
        for (const value of values as RespValue[]) {
          // Only a non-atomic writer leaves a gap: wait for it on a later read.
          if (value === null) return { logs, nextOffset: next };
          const log = decodeRecord(value);
          if (log === undefined) {
            if (next !== last) {
              throw new StorageError({
                message: `The Redis journal record ${prefix}:log:${next} is not JSON, and more records follow; it cannot be replayed past it.`,
              });
            }
            if (!warnedAt.has(next)) {
              warnedAt.add(next);
              onWarning(
                `Skipping the last Redis journal record ${prefix}:log:${next}: it is not JSON.`,
              );
            }
            return { logs, nextOffset: next };
          }
          logs.push(log);
          next += 1;
        }
      }
      return { logs, nextOffset: next };
    },

    close: () => client.close(),
  };
}
