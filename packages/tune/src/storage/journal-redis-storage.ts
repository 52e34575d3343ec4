import {
  createJournalStorage,
  type JournalStorage,
  type JournalStorageOptions,
} from './journal/journal-storage';
import {
  createJournalRedisBackend,
  type JournalRedisBackendOptions,
} from './journal/redis-backend';

/** Settings of {@link createJournalRedisStorage}. */
export interface JournalRedisStorageOptions
  extends JournalRedisBackendOptions,
    JournalStorageOptions {}

/**
 * A storage in Redis with the keys of Optuna's `JournalStorage(JournalRedisBackend(url,
 * prefix=...))`, so Python Optuna reads and extends the same study.
 *
 * ```ts
 * const storage = createJournalRedisStorage('redis://127.0.0.1:6379', { prefix: 'tuning' });
 * ```
 *
 * @param url - `redis://[user:password@]host[:port][/db]`; connects on first use.
 * @param options - `prefix` (default `""`, as Optuna), `workerId`, `onWarning`.
 */
export function createJournalRedisStorage(
  url: string,
  options: JournalRedisStorageOptions = {},
): JournalStorage {
  return createJournalStorage(createJournalRedisBackend(url, options), options);
}
