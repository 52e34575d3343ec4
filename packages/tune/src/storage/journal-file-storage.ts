import { createJournalFileBackend, type JournalFileBackendOptions } from './journal/file-backend';
import {
  createJournalStorage,
  type JournalStorage,
  type JournalStorageOptions,
} from './journal/journal-storage';

/** Settings of {@link createJournalFileStorage}. */
export interface JournalFileStorageOptions
  extends JournalFileBackendOptions,
    JournalStorageOptions {}

/**
 * A storage in a JSON-lines journal file that several processes (or hosts over NFS) share,
 * in the format of Optuna's `JournalStorage(JournalFileBackend(path))`: Python Optuna,
 * optuna-dashboard and this storage read each other's files.
 *
 * ```ts
 * const storage = createJournalFileStorage('./study.log');
 * const studyId = await storage.createStudy(['minimize'], 'my-study');
 * ```
 *
 * @param path - The journal file; created on the first write. The lock is `<path>.lock`.
 * @param options - `lock` (`symlink`, default, or `open`), `gracePeriodMs` (default 30 000:
 *   a lock unchanged this long is broken), `workerId`, `onWarning`.
 */
export function createJournalFileStorage(
  path: string,
  options: JournalFileStorageOptions = {},
): JournalStorage {
  return createJournalStorage(createJournalFileBackend(path, options), options);
}
