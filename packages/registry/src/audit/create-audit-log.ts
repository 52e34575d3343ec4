import { InvalidArgumentError } from '@dagnostics/core';
import type { RegistryClient } from '../client/registry-client';
import {
  type AuditEntry,
  auditEntryTagKey,
  auditHeadTagKey,
  codePointLength,
  decodeAuditEntry,
  decodeAuditHead,
  encodeAuditEntry,
  genesisHash,
  hashAuditEntry,
  maxAuditSeq,
  registryTagValueMaxLength,
  seqOfAuditTagKey,
} from './audit-entry';
import { AuditLogError } from './audit-log-error';
import type { AuditSink } from './audit-sink';
import { type AuditAnchor, type AuditVerification, verifyAuditChain } from './verify-audit-chain';

/** The registry calls the audit log makes. */
export type AuditRegistry = Pick<RegistryClient, 'getRegisteredModel' | 'setRegisteredModelTag'>;

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  /** The clock entries are stamped with. Default `() => new Date()`. */
  now?: () => Date;
}

/** What {@link AuditLog.append} takes. */
export interface AuditEntryInput {
  actor: string;
  action: string;
  version?: string;
  details?: Record<string, unknown>;
}

/** A model's tamper-evident audit log, stored in the registry as registered-model tags. */
export interface AuditLog extends AuditSink {
  /**
   * Appends an entry chained to the current head and resolves with it once the entry tag
   * and the head tag are written and read back.
   *
   * @throws {InvalidArgumentError} for details JSON cannot hold (NaN, bigint, a cycle); nothing written.
   * @throws {AuditLogError} `ENTRY_TOO_LARGE` (nothing written), `CONCURRENT_APPEND` (another
   * writer took this seq; append again), `CORRUPT_LOG`, `LOG_FULL`.
   */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  /** Every readable entry, in seq order (unreadable tags are left out: `verify()` names them). */
  entries(): Promise<AuditEntry[]>;
  /** Recomputes the chain from the registry's tags and reports the first broken seq. */
  verify(options?: { anchor?: AuditAnchor }): Promise<AuditVerification>;
}

/**
 * The audit log of registered model `modelName`: entry `n` is the registered-model tag
 * `dagnostics.audit.<n, six digits>` holding the entry's canonical JSON, and
 * `dagnostics.audit.head` = `<seq>:<hash>` names the last one. Each entry's `hash` is the
 * sha256 of its other fields (canonical JSON) and includes the previous entry's hash, so
 * editing, deleting or reordering entries by hand (the REST API lets anyone with EDIT on the
 * model set tags) is found by `verify()`. The registered model must exist.
 *
 * Concurrency: appends made through one `AuditLog` object are queued, never concurrent.
 * MLflow has no conditional update, so two processes appending to the same model can both
 * pick the same seq. After writing, each writer reads the model back: the one whose entry
 * was overwritten gets `AuditLogError` `CONCURRENT_APPEND` (retryable; its entry is not in
 * the log) and, if its head write came last, puts the head back on the entry that stayed;
 * the one whose entry stayed re-points the head at it if needed. A writer that reads the
 * head, stalls, and overwrites an entry another writer had already finished and read back
 * is not detected, and these repairs are plain writes too, so a third writer in the same
 * milliseconds can still leave a head `verify()` reports; keep one writer per model (a governance service) where that matters, or
 * keep an outside copy of the head and pass it to `verify({ anchor })`.
 *
 * Nothing is read or written until the first call.
 *
 * @example
 * ```ts
 * const audit = createAuditLog(registry, 'log-classifier');
 * await audit.append({ actor: 'alice', action: 'approval.approve', version: '3' });
 * const check = await audit.verify();
 * if (!check.ok) console.error(`audit log broken at ${check.brokenAt}: ${check.message}`);
 * ```
 */
export function createAuditLog(
  registry: AuditRegistry,
  modelName: string,
  options: AuditLogOptions = {},
): AuditLog {
  const now = options.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();

  const readTags = async () => (await registry.getRegisteredModel(modelName)).tags;

  const appendNow = async (input: AuditEntryInput): Promise<AuditEntry> => {
    const tags = await readTags();
    const head = currentHead(modelName, tags);
    const seq = head.seq + 1;
    if (seq > maxAuditSeq) {
      throw new AuditLogError({
        reason: 'LOG_FULL',
        model: modelName,
        seq,
        message: `The audit log of ${JSON.stringify(modelName)} holds ${maxAuditSeq} entries, the most its six-digit tags can number.`,
      });
    }
    const unhashed = {
      seq,
      at: now().toISOString(),
      actor: input.actor,
      action: input.action,
      version: input.version ?? null,
      details: input.details ?? {},
      previousHash: head.hash,
    };
    let entry: AuditEntry;
    let value: string;
    try {
      entry = { ...unhashed, hash: hashAuditEntry(unhashed) };
      value = encodeAuditEntry(entry);
    } catch (error) {
      throw new InvalidArgumentError({
        message: `The details of audit entry ${JSON.stringify(input.action)} are not JSON: ${error instanceof Error ? error.message : String(error)}.`,
        argument: 'details',
        cause: error,
      });
    }
    const length = codePointLength(value);
    if (length > registryTagValueMaxLength) {
      throw new AuditLogError({
        reason: 'ENTRY_TOO_LARGE',
        model: modelName,
        seq,
        message: `The audit entry for ${JSON.stringify(input.action)} is ${length} characters of JSON; MLflow keeps at most ${registryTagValueMaxLength} in a tag. Shorten its details (store large evidence as an artifact and record its URI and sha256).`,
      });
    }
    const key = auditEntryTagKey(seq);
    if (tags[key] !== undefined) throw lostRace(modelName, seq);

    await registry.setRegisteredModelTag(modelName, key, value);
    const headValue = `${seq}:${entry.hash}`;
    await registry.setRegisteredModelTag(modelName, auditHeadTagKey, headValue);

    const after = await readTags();
    if (after[key] === value) {
      const headAfter = decodeAuditHead(after[auditHeadTagKey] ?? '');
      // The other writer's head write came last: ours is the entry that stayed, so the head is ours.
      if (
        headAfter === undefined ||
        headAfter.seq < seq ||
        (headAfter.seq === seq && headAfter.hash !== entry.hash)
      ) {
        await registry.setRegisteredModelTag(modelName, auditHeadTagKey, headValue);
      }
      return entry;
    }
    const kept = decodeAuditEntry(after[key] ?? '');
    if (after[auditHeadTagKey] === headValue && kept !== undefined && kept.seq === seq) {
      await registry.setRegisteredModelTag(modelName, auditHeadTagKey, `${seq}:${kept.hash}`);
    }
    throw lostRace(modelName, seq);
  };

  return {
    append(input) {
      const result = queue.then(() => appendNow(input));
      queue = result.catch(() => undefined);
      return result;
    },
    async entries() {
      const tags = await readTags();
      return Object.entries(tags)
        .filter(([key]) => seqOfAuditTagKey(key) !== undefined)
        .map(([, value]) => decodeAuditEntry(value))
        .filter((entry): entry is AuditEntry => entry !== undefined)
        .sort((left, right) => left.seq - right.seq);
    },
    async verify(verifyOptions = {}) {
      return verifyAuditChain(await readTags(), verifyOptions.anchor);
    },
  };
}

function currentHead(
  modelName: string,
  tags: Readonly<Record<string, string>>,
): { seq: number; hash: string } {
  const headValue = tags[auditHeadTagKey];
  if (headValue === undefined) {
    // Entry 1 alone without a head is a first append in flight, reported as a lost race.
    if (Object.keys(tags).some((key) => (seqOfAuditTagKey(key) ?? 1) > 1)) {
      throw corrupt(modelName, 'has entries but no head tag');
    }
    return { seq: 0, hash: genesisHash };
  }
  const head = decodeAuditHead(headValue);
  if (head === undefined)
    throw corrupt(modelName, `has an unreadable head tag ${JSON.stringify(headValue)}`);
  return head;
}

function corrupt(modelName: string, what: string): AuditLogError {
  return new AuditLogError({
    reason: 'CORRUPT_LOG',
    model: modelName,
    message: `The audit log of ${JSON.stringify(modelName)} ${what}; nothing was appended. Run verify() to find the damage.`,
  });
}

function lostRace(modelName: string, seq: number): AuditLogError {
  return new AuditLogError({
    reason: 'CONCURRENT_APPEND',
    model: modelName,
    seq,
    message: `Another writer appended entry ${seq} to the audit log of ${JSON.stringify(modelName)} at the same time; this entry was not recorded. Append it again.`,
  });
}
