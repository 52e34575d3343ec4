export { createJournalFileBackend, type JournalFileBackendOptions } from './file-backend';
export { type JournalFileLockKind, journalLockPath } from './file-lock';
export type { JournalBackend } from './journal-backend';
export { type JournalLog, JournalOperation } from './journal-log';
export {
  createJournalStorage,
  failReasonSystemAttrKey,
  heartbeatSystemAttrKey,
  type JournalStorage,
  type JournalStorageOptions,
} from './journal-storage';
export { createJournalRedisBackend, type JournalRedisBackendOptions } from './redis-backend';
