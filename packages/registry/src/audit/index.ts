export {
  type AuditEntry,
  auditEntryTagKey,
  auditHeadTagKey,
  genesisHash,
  hashAuditEntry,
} from './audit-entry';
export { AuditLogError, type AuditLogErrorReason } from './audit-log-error';
export type { AuditSink } from './audit-sink';
export { canonicalJson } from './canonical-json';
export {
  type AuditEntryInput,
  type AuditLog,
  type AuditLogOptions,
  type AuditRegistry,
  createAuditLog,
} from './create-audit-log';
export {
  type AuditAnchor,
  type AuditBreakReason,
  type AuditVerification,
  verifyAuditChain,
} from './verify-audit-chain';
