export type { JournalFileSystem } from './file-system';
export { JournalError, type JournalErrorOperation } from './journal-error';
export type { SessionLock } from './journal-lock';
export { type ReadJournalOptions, type ReadJournalResult, readJournal } from './journal-reader';
export {
  type JournalWriter,
  type OpenJournalWriterOptions,
  openJournalWriter,
} from './journal-writer';
export { type PendingOperations, pendingOperations, type ServerRunIds } from './pending';
export type {
  AckRecord,
  BatchRecord,
  InputsRecord,
  JournalDatasetInput,
  JournalKeyValue,
  JournalMetric,
  JournalOperation,
  JournalRecord,
  RunEndRecord,
  RunStartRecord,
  SessionStartRecord,
} from './records';
export {
  type AdoptedSession,
  adoptSession,
  type JournalSession,
  listSessions,
  type SessionOptions,
  type SessionStatus,
} from './sessions';
