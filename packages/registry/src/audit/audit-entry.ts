import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** One record of the audit log, as stored (JSON) in a registered-model tag. */
export interface AuditEntry {
  /** 1, 2, 3, ... without gaps. */
  readonly seq: number;
  /** When it was appended, ISO 8601 in UTC (`2026-01-31T12:00:00.000Z`). */
  readonly at: string;
  /** Who did it (a user name, or a service such as `rollout-controller`). */
  readonly actor: string;
  /** What was done, e.g. `approval.approve`, `alias.set.refused`. */
  readonly action: string;
  /** The model version concerned, or null. */
  readonly version: string | null;
  /** Free-form JSON details (evidence, reasons, comments). */
  readonly details: Readonly<Record<string, unknown>>;
  /** `hash` of the entry before, or 64 zeros for the first. */
  readonly previousHash: string;
  /** sha256 (hex) of the canonical JSON of every other field. */
  readonly hash: string;
}

/** The `previousHash` of entry 1. */
export const genesisHash = '0'.repeat(64);

/** Registered-model tag that holds entry `seq`: `dagnostics.audit.000042`. */
export function auditEntryTagKey(seq: number): string {
  return `dagnostics.audit.${String(seq).padStart(6, '0')}`;
}

/** Registered-model tag `<seq>:<hash>` naming the last entry. */
export const auditHeadTagKey = 'dagnostics.audit.head';

/** The largest sequence number six digits can name. */
export const maxAuditSeq = 999_999;

/**
 * MLflow's SQL stores keep registry tag values in a 5000-character column (PostgreSQL and
 * MySQL refuse longer values even though the server's own check allows 100 000).
 */
export const registryTagValueMaxLength = 5000;

const entryTagPattern = /^dagnostics\.audit\.(\d{6})$/;

/** The sequence number of an entry tag key, or undefined for other keys. */
export function seqOfAuditTagKey(key: string): number | undefined {
  const match = entryTagPattern.exec(key);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** sha256 (hex) of the canonical JSON of an entry without its `hash`. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, version, details, previousHash } = entry;
  return createHash('sha256')
    .update(canonicalJson({ seq, at, actor, action, version, details, previousHash }))
    .digest('hex');
}

/** The tag value an entry is stored as. */
export function encodeAuditEntry(entry: AuditEntry): string {
  return canonicalJson(entry);
}

/** Characters as MLflow (Python) counts them: code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Parses a stored entry; undefined when the value is not JSON of the entry's shape. */
export function decodeAuditEntry(value: string): AuditEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entry = parsed as Record<string, unknown>;
  const isHash = (field: unknown) => typeof field === 'string' && /^[0-9a-f]{64}$/.test(field);
  if (
    !Number.isSafeInteger(entry.seq) ||
    typeof entry.at !== 'string' ||
    typeof entry.actor !== 'string' ||
    typeof entry.action !== 'string' ||
    (entry.version !== null && typeof entry.version !== 'string') ||
    typeof entry.details !== 'object' ||
    entry.details === null ||
    Array.isArray(entry.details) ||
    !isHash(entry.previousHash) ||
    !isHash(entry.hash)
  ) {
    return undefined;
  }
  return parsed as AuditEntry;
}

/** Parses the head tag `<seq>:<hash>`; undefined when malformed. */
export function decodeAuditHead(value: string): { seq: number; hash: string } | undefined {
  const match = /^(\d{1,6}):([0-9a-f]{64})$/.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { seq: Number(match[1]), hash: match[2] };
}
