import { InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RegistryClient } from '../client/registry-client';
import { GovernanceError } from '../errors';
import { createInMemoryRegistry } from '../governance/in-memory-registry.test-support';
import { auditEntryTagKey, auditHeadTagKey, genesisHash, hashAuditEntry } from './audit-entry';
import { AuditLogError } from './audit-log-error';
import { type AuditLog, createAuditLog } from './create-audit-log';

const model = 'classifier';
let registry: RegistryClient;
let log: AuditLog;
let clock: number;

beforeEach(async () => {
  registry = createInMemoryRegistry();
  await registry.createRegisteredModel(model);
  clock = Date.UTC(2026, 0, 1);
  log = createAuditLog(registry, model, {
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
});

async function tags(): Promise<Record<string, string>> {
  return { ...(await registry.getRegisteredModel(model)).tags };
}

async function appendThree(): Promise<void> {
  await log.append({
    actor: 'alice',
    action: 'approval.request',
    version: '1',
    details: { note: 'é' },
  });
  await log.append({ actor: 'bob', action: 'approval.approve', version: '1' });
  await log.append({ actor: 'carol', action: 'alias.set', details: { alias: 'champion' } });
}

describe('createAuditLog', () => {
  it('chains entries by hash and stores them as registered-model tags with a head', async () => {
    await appendThree();
    const entries = await log.entries();
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(entries[0]).toMatchObject({
      at: '2026-01-01T00:00:01.000Z',
      actor: 'alice',
      action: 'approval.request',
      version: '1',
      details: { note: 'é' },
      previousHash: genesisHash,
    });
    expect(entries[2]?.version).toBeNull();
    for (const [index, entry] of entries.entries()) {
      expect(entry.hash).toBe(hashAuditEntry(entry));
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      if (index > 0) expect(entry.previousHash).toBe(entries[index - 1]?.hash);
    }
    const stored = await tags();
    expect(Object.keys(stored).sort()).toEqual([
      'dagnostics.audit.000001',
      'dagnostics.audit.000002',
      'dagnostics.audit.000003',
      'dagnostics.audit.head',
    ]);
    expect(stored[auditHeadTagKey]).toBe(`3:${entries[2]?.hash}`);
    expect(JSON.parse(stored['dagnostics.audit.000002'] ?? '')).toEqual(entries[1]);
    expect(await log.verify()).toEqual({ ok: true, length: 3, headHash: entries[2]?.hash });
  });

  it('hashes the canonical JSON of the entry without its hash', async () => {
    const entry = await log.append({ actor: 'a', action: 'x', details: { b: 1, a: 2 } });
    const { createHash } = await import('node:crypto');
    const canonical = `{"action":"x","actor":"a","at":"2026-01-01T00:00:01.000Z","details":{"a":2,"b":1},"previousHash":"${genesisHash}","seq":1,"version":null}`;
    expect(entry.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('verifies an empty log', async () => {
    expect(await log.verify()).toEqual({ ok: true, length: 0, headHash: undefined });
    expect(await log.entries()).toEqual([]);
  });

  describe('verify() finds every kind of tampering', () => {
    beforeEach(appendThree);
    const edit = async (seq: number, change: (entry: Record<string, unknown>) => void) => {
      const key = auditEntryTagKey(seq);
      const entry = JSON.parse((await tags())[key] ?? '') as Record<string, unknown>;
      change(entry);
      await registry.setRegisteredModelTag(model, key, JSON.stringify(entry));
    };

    it('an edited field', async () => {
      await edit(2, (entry) => {
        entry.actor = 'mallory';
      });
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: 'HASH_MISMATCH' });
    });

    it('an edited entry re-hashed by the forger', async () => {
      await edit(2, (entry) => {
        entry.details = { forged: true };
        entry.hash = hashAuditEntry(entry as never);
      });
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'CHAIN_BROKEN' });
    });

    it('a deleted entry in the middle, and the last one', async () => {
      await registry.deleteRegisteredModelTag(model, auditEntryTagKey(3));
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'MISSING_ENTRY' });
      await registry.deleteRegisteredModelTag(model, auditEntryTagKey(1));
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 1, reason: 'MISSING_ENTRY' });
    });

    it('two entries swapped', async () => {
      const stored = await tags();
      await registry.setRegisteredModelTag(
        model,
        auditEntryTagKey(1),
        stored[auditEntryTagKey(2)] ?? '',
      );
      await registry.setRegisteredModelTag(
        model,
        auditEntryTagKey(2),
        stored[auditEntryTagKey(1)] ?? '',
      );
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 1, reason: 'SEQ_MISMATCH' });
    });

    it('entries renumbered and re-hashed to hide a reordering', async () => {
      const stored = await tags();
      const first = JSON.parse(stored[auditEntryTagKey(1)] ?? '');
      const second = JSON.parse(stored[auditEntryTagKey(2)] ?? '');
      const renumber = (entry: Record<string, unknown>, seq: number) => {
        const moved = { ...entry, seq };
        return JSON.stringify({ ...moved, hash: hashAuditEntry(moved as never) });
      };
      await registry.setRegisteredModelTag(model, auditEntryTagKey(1), renumber(second, 1));
      await registry.setRegisteredModelTag(model, auditEntryTagKey(2), renumber(first, 2));
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 1, reason: 'CHAIN_BROKEN' });
    });

    it('a value that is not an entry', async () => {
      await registry.setRegisteredModelTag(model, auditEntryTagKey(2), 'approved!');
      expect(await log.verify()).toMatchObject({
        ok: false,
        brokenAt: 2,
        reason: 'UNREADABLE_ENTRY',
      });
      expect((await log.entries()).map((entry) => entry.seq)).toEqual([1, 3]);
    });

    it('a head that names another hash, a missing head, an unreadable head', async () => {
      await registry.setRegisteredModelTag(model, auditHeadTagKey, `3:${'a'.repeat(64)}`);
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'HEAD_MISMATCH' });
      await registry.setRegisteredModelTag(model, auditHeadTagKey, 'three');
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'HEAD_MISMATCH' });
      await registry.deleteRegisteredModelTag(model, auditHeadTagKey);
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'HEAD_MISMATCH' });
      await expect(log.append({ actor: 'a', action: 'b' })).rejects.toSatisfy(
        (error) => AuditLogError.isInstance(error) && error.reason === 'CORRUPT_LOG',
      );
    });

    it('a head moved back to hide the last entries, and an entry added after the head', async () => {
      const entries = await log.entries();
      await registry.setRegisteredModelTag(model, auditHeadTagKey, `2:${entries[1]?.hash}`);
      expect(await log.verify()).toMatchObject({
        ok: false,
        brokenAt: 3,
        reason: 'UNANCHORED_ENTRY',
      });
    });

    it('a truncated log with its head rewritten, against an anchor kept elsewhere', async () => {
      const check = await log.verify();
      const anchor = { seq: 3, hash: check.ok ? (check.headHash ?? '') : '' };
      const entries = await log.entries();
      await registry.deleteRegisteredModelTag(model, auditEntryTagKey(3));
      await registry.setRegisteredModelTag(model, auditHeadTagKey, `2:${entries[1]?.hash}`);
      expect(await log.verify()).toMatchObject({ ok: true, length: 2 });
      expect(await log.verify({ anchor })).toMatchObject({
        ok: false,
        brokenAt: 3,
        reason: 'MISSING_ENTRY',
      });
      expect(await log.verify({ anchor: { seq: 2, hash: 'f'.repeat(64) } })).toMatchObject({
        ok: false,
        brokenAt: 2,
        reason: 'ANCHOR_MISMATCH',
      });
    });
  });

  it('finds any single-field edit of any entry (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('at', 'actor', 'action', 'version', 'details', 'previousHash', 'seq'),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (seq, field, text) => {
          const local = createInMemoryRegistry();
          await local.createRegisteredModel(model);
          const localLog = createAuditLog(local, model);
          for (let index = 0; index < 4; index++) {
            await localLog.append({ actor: `user${index}`, action: 'act', version: String(index) });
          }
          const key = auditEntryTagKey(seq);
          const entry = JSON.parse((await local.getRegisteredModel(model)).tags[key] ?? '');
          const replacement =
            field === 'seq'
              ? seq + text.length
              : field === 'details'
                ? { text }
                : `${entry[field]}${text}`;
          await local.setRegisteredModelTag(
            model,
            key,
            JSON.stringify({ ...entry, [field]: replacement }),
          );
          const check = await localLog.verify();
          expect(check).toMatchObject({ ok: false, brokenAt: seq });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses an entry whose JSON would not fit a registry tag, writing nothing', async () => {
    await log.append({ actor: 'a', action: 'first' });
    const before = await tags();
    const error = await log
      .append({ actor: 'a', action: 'big', details: { text: '€'.repeat(4900) } })
      .catch((caught: unknown) => caught);
    expect(AuditLogError.isInstance(error) && error.reason).toBe('ENTRY_TOO_LARGE');
    expect(AuditLogError.isInstance(error) && error.seq).toBe(2);
    expect(await tags()).toEqual(before);
    // Characters are counted as MLflow counts them: 4700 code points of an astral emoji (9400 UTF-16 units) fit.
    await expect(
      log.append({ actor: 'a', action: 'emoji', details: { text: '😀'.repeat(4700) } }),
    ).resolves.toMatchObject({ seq: 2 });
  });

  it('refuses details JSON cannot hold, writing nothing', async () => {
    await expect(
      log.append({ actor: 'a', action: 'nan', details: { value: Number.NaN } }),
    ).rejects.toSatisfy(
      (error) => InvalidArgumentError.isInstance(error) && error.argument === 'details',
    );
    expect(await tags()).toEqual({});
  });

  it('AuditLogError is told apart from its siblings', () => {
    const error = new AuditLogError({ reason: 'LOG_FULL', model, message: 'm' });
    expect(AuditLogError.isInstance(error)).toBe(true);
    expect(GovernanceError.isInstance(error)).toBe(false);
    expect(
      AuditLogError.isInstance(new GovernanceError({ reason: 'NOT_APPROVED', message: 'm' })),
    ).toBe(false);
    expect(error.code).toBe('AUDIT_LOG_FULL');
  });

  it('queues concurrent appends made through one log', async () => {
    const written = await Promise.all(
      Array.from({ length: 10 }, (_, index) => log.append({ actor: `u${index}`, action: 'act' })),
    );
    expect(written.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await log.verify()).toMatchObject({ ok: true, length: 10 });
  });

  describe('two processes appending the same seq', () => {
    type Hook = () => Promise<void>;
    /** The registry as one writer sees it, with a rival's writes run before or after its n-th tag write. */
    function interleaved(hooks: {
      before?: Record<number, Hook>;
      after?: Record<number, Hook>;
    }): RegistryClient {
      let count = 0;
      return {
        ...registry,
        getRegisteredModel: (name) => registry.getRegisteredModel(name),
        async setRegisteredModelTag(name, key, value) {
          count++;
          await hooks.before?.[count]?.();
          await registry.setRegisteredModelTag(name, key, value);
          await hooks.after?.[count]?.();
        },
      };
    }
    function rivalEntry(seq: number, previousHash: string) {
      const unhashed = {
        seq,
        at: '2026-01-01T00:00:00.000Z',
        actor: 'rival',
        action: 'rival',
        version: null,
        details: {},
        previousHash,
      };
      const entry = { ...unhashed, hash: hashAuditEntry(unhashed) };
      return { entry, value: JSON.stringify(entry) };
    }

    it('the writer whose entry was overwritten gets CONCURRENT_APPEND and puts the head back on the kept entry', async () => {
      const first = await log.append({ actor: 'a', action: 'first' });
      const rival = rivalEntry(2, first.hash);
      // Our entry lands, the rival overwrites it and writes its head, then our head lands last.
      const ours = createAuditLog(
        interleaved({
          before: {
            2: async () => {
              await registry.setRegisteredModelTag(model, auditEntryTagKey(2), rival.value);
              await registry.setRegisteredModelTag(model, auditHeadTagKey, `2:${rival.entry.hash}`);
            },
          },
        }),
        model,
      );
      const error = await ours
        .append({ actor: 'us', action: 'ours' })
        .catch((caught: unknown) => caught);
      expect(AuditLogError.isInstance(error) && error.reason).toBe('CONCURRENT_APPEND');
      expect(AuditLogError.isInstance(error) && error.isRetryable).toBe(true);
      expect((await log.entries()).map((entry) => entry.actor)).toEqual(['a', 'rival']);
      expect(await log.verify()).toMatchObject({ ok: true, length: 2 });
      await expect(ours.append({ actor: 'us', action: 'again' })).resolves.toMatchObject({
        seq: 3,
      });
      expect(await log.verify()).toMatchObject({ ok: true, length: 3 });
    });

    it('the writer whose entry stayed re-points the head at it when the rival head landed last', async () => {
      const rival = rivalEntry(1, genesisHash);
      const ours = createAuditLog(
        interleaved({
          before: {
            1: () => registry.setRegisteredModelTag(model, auditEntryTagKey(1), rival.value),
          },
          after: {
            2: () =>
              registry.setRegisteredModelTag(model, auditHeadTagKey, `1:${rival.entry.hash}`),
          },
        }),
        model,
      );
      const entry = await ours.append({ actor: 'us', action: 'ours' });
      expect(entry.seq).toBe(1);
      expect((await log.entries()).map((stored) => stored.actor)).toEqual(['us']);
      expect(await log.verify()).toMatchObject({ ok: true, length: 1 });
    });

    it('a writer that finds the next entry already written (head not yet moved) refuses before writing', async () => {
      const rival = rivalEntry(1, genesisHash);
      await registry.setRegisteredModelTag(model, auditEntryTagKey(1), rival.value);
      const error = await log
        .append({ actor: 'us', action: 'ours' })
        .catch((caught: unknown) => caught);
      expect(AuditLogError.isInstance(error) && error.reason).toBe('CONCURRENT_APPEND');
      expect((await tags())[auditEntryTagKey(1)]).toBe(rival.value);
    });
  });
});
