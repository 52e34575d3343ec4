import {
  type AuditEntry,
  auditHeadTagKey,
  decodeAuditEntry,
  decodeAuditHead,
  genesisHash,
  hashAuditEntry,
  seqOfAuditTagKey,
} from './audit-entry';

/**
 * What is wrong at the first broken place of the chain:
 * - `MISSING_ENTRY`: no tag for this seq although later entries or the head name it (deleted);
 * - `UNREADABLE_ENTRY`: the tag is not an entry's JSON;
 * - `SEQ_MISMATCH`: the entry stored under this seq says another seq (entries moved or swapped);
 * - `HASH_MISMATCH`: the entry's fields no longer give its hash (edited);
 * - `CHAIN_BROKEN`: `previousHash` is not the hash of the entry before (replaced, reordered, re-hashed);
 * - `HEAD_MISMATCH`: the head tag is missing, unreadable, or names another hash;
 * - `UNANCHORED_ENTRY`: an entry after the one the head names (added by hand, or an append in flight);
 * - `ANCHOR_MISMATCH`: the entry does not have the hash an outside copy of the head recorded.
 */
export type AuditBreakReason =
  | 'MISSING_ENTRY'
  | 'UNREADABLE_ENTRY'
  | 'SEQ_MISMATCH'
  | 'HASH_MISMATCH'
  | 'CHAIN_BROKEN'
  | 'HEAD_MISMATCH'
  | 'UNANCHORED_ENTRY'
  | 'ANCHOR_MISMATCH';

/** The outcome of checking an audit log. */
export type AuditVerification =
  | {
      readonly ok: true;
      /** Entries checked. */
      readonly length: number;
      /** The last entry's hash, undefined for an empty log; keep it elsewhere to anchor later checks. */
      readonly headHash: string | undefined;
    }
  | {
      readonly ok: false;
      /** The first seq found broken (the head's seq, or 0, for a head with no entry to blame). */
      readonly brokenAt: number;
      readonly reason: AuditBreakReason;
      /** What was found, in words. */
      readonly message: string;
    };

/** A head recorded outside the registry (a release note, a ticket), to detect a truncated log. */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Checks a log from the registered model's tags: every entry from 1 to the last one named
 * by an entry tag or the head, in order, with its hash recomputed and its link to the entry
 * before, then the head. Pure; the first problem found is reported.
 */
export function verifyAuditChain(
  tags: Readonly<Record<string, string>>,
  anchor?: AuditAnchor,
): AuditVerification {
  const stored = new Map<number, string>();
  for (const [key, value] of Object.entries(tags)) {
    const seq = seqOfAuditTagKey(key);
    if (seq !== undefined) stored.set(seq, value);
  }
  const lastStored = Math.max(0, ...stored.keys());
  const headValue = tags[auditHeadTagKey];
  const head = headValue === undefined ? undefined : decodeAuditHead(headValue);
  const last = Math.max(lastStored, head?.seq ?? 0);

  let previous: AuditEntry | undefined;
  for (let seq = 1; seq <= last; seq++) {
    const value = stored.get(seq);
    if (value === undefined) {
      return broken(
        seq,
        'MISSING_ENTRY',
        `entry ${seq} is missing although the log runs to ${last}`,
      );
    }
    const entry = decodeAuditEntry(value);
    if (entry === undefined) {
      return broken(seq, 'UNREADABLE_ENTRY', `entry ${seq} is not an audit entry's JSON`);
    }
    if (entry.seq !== seq) {
      return broken(seq, 'SEQ_MISMATCH', `the tag of entry ${seq} holds entry ${entry.seq}`);
    }
    if (hashAuditEntry(entry) !== entry.hash) {
      return broken(seq, 'HASH_MISMATCH', `entry ${seq} was changed after it was written`);
    }
    const expected = previous?.hash ?? genesisHash;
    if (entry.previousHash !== expected) {
      return broken(
        seq,
        'CHAIN_BROKEN',
        `entry ${seq} does not follow entry ${seq - 1} (previousHash ${entry.previousHash}, expected ${expected})`,
      );
    }
    if (anchor !== undefined && anchor.seq === seq && anchor.hash !== entry.hash) {
      return broken(seq, 'ANCHOR_MISMATCH', `entry ${seq} is not the one the anchor recorded`);
    }
    previous = entry;
  }

  if (anchor !== undefined && anchor.seq > last) {
    return broken(
      last + 1,
      'MISSING_ENTRY',
      `the anchor names entry ${anchor.seq} but the log ends at ${last}`,
    );
  }
  if (previous === undefined) {
    return headValue === undefined
      ? { ok: true, length: 0, headHash: undefined }
      : broken(0, 'HEAD_MISMATCH', 'the log has a head but no entries');
  }
  if (head === undefined) {
    return broken(
      last,
      'HEAD_MISMATCH',
      headValue === undefined
        ? 'the head tag is missing'
        : `the head tag ${JSON.stringify(headValue)} is not <seq>:<hash>`,
    );
  }
  if (head.seq < lastStored) {
    return broken(
      head.seq + 1,
      'UNANCHORED_ENTRY',
      `entry ${head.seq + 1} comes after the head (${head.seq})`,
    );
  }
  if (head.hash !== previous.hash) {
    return broken(
      head.seq,
      'HEAD_MISMATCH',
      `the head names another hash than entry ${head.seq}'s`,
    );
  }
  return { ok: true, length: last, headHash: previous.hash };
}

function broken(brokenAt: number, reason: AuditBreakReason, message: string): AuditVerification {
  return { ok: false, brokenAt, reason, message };
}
