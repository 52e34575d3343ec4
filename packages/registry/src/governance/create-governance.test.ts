import { InvalidArgumentError } from '@dagnostics/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AuditLog, createAuditLog } from '../audit/create-audit-log';
import { GovernanceError } from '../errors';
import { createGovernance, type Governance } from './create-governance';
import { createInMemoryRegistry, type InMemoryRegistry } from './in-memory-registry.test-support';

const model = 'classifier';
const users = {
  alice: { roles: ['data-scientist'] },
  bob: { roles: ['ml-lead'] },
  carol: { roles: ['risk', 'data-scientist'] },
  dave: { roles: ['ml-lead'] },
};
let registry: InMemoryRegistry;
let audit: AuditLog;
let governance: Governance;

beforeEach(async () => {
  registry = createInMemoryRegistry();
  await registry.createRegisteredModel(model);
  await registry.createModelVersion(model, 'models:/m-1');
  await registry.createModelVersion(model, 'models:/m-2');
  let clock = Date.UTC(2026, 0, 1);
  const now = () => {
    clock += 1000;
    return new Date(clock);
  };
  audit = createAuditLog(registry, model, { now });
  governance = createGovernance(registry, {
    modelName: model,
    policy: { requiredApprovals: 2, approverRoles: ['ml-lead', 'risk'] },
    users,
    audit,
    now,
  });
});

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!GovernanceError.isInstance(error))
    throw new Error(`expected a GovernanceError, got ${String(error)}`);
  return error.reason;
}

async function actions(): Promise<string[]> {
  return (await audit.entries()).map((entry) => `${entry.actor}:${entry.action}`);
}

describe('createGovernance', () => {
  it('takes a version from request to Approved with two distinct approvers, in tags MLflow shows', async () => {
    expect((await governance.status('1')).status).toBe('None');
    const pending = await governance.requestApproval('1', {
      requestedBy: 'alice',
      evidence: { gate: 'passed', modelCardSha256: 'ab'.repeat(32) },
    });
    expect(pending).toMatchObject({
      status: 'PendingManualApproval',
      requestedBy: 'alice',
      requestedAt: '2026-01-01T00:00:01.000Z',
      evidence: { gate: 'passed' },
      approvals: [],
      requiredApprovals: 2,
    });
    const half = await governance.approve('1', { by: 'bob', comment: 'metrics fine' });
    expect(half.status).toBe('PendingManualApproval');
    const approved = await governance.approve('1', { by: 'carol' });
    expect(approved.status).toBe('Approved');
    expect(approved.approvals.map((record) => record.by)).toEqual(['bob', 'carol']);
    const tags = (await registry.getModelVersion(model, '1')).tags;
    expect(tags.approval_status).toBe('Approved');
    expect(tags.approved_by).toBe('bob,carol');
    expect(tags['dagnostics.approval.requested_by']).toBe('alice');
    expect(await actions()).toEqual([
      'alice:approval.request',
      'bob:approval.approve',
      'carol:approval.approve',
    ]);
    const entries = await audit.entries();
    expect(entries[0]?.details).toMatchObject({
      evidence: { gate: 'passed' },
      policy: { requiredApprovals: 2 },
    });
    expect(entries[1]?.details).toMatchObject({
      comment: 'metrics fine',
      approvals: 1,
      status: 'PendingManualApproval',
    });
    expect(entries[2]?.details).toMatchObject({ approvals: 2, status: 'Approved' });
    expect(await audit.verify()).toMatchObject({ ok: true, length: 3 });
  });

  it('refuses approvals outside the approver roles, by the requester, twice by one person, and audits each refusal', async () => {
    await governance.requestApproval('1', { requestedBy: 'carol' });
    expect(await refusal(governance.approve('1', { by: 'alice' }))).toBe('ROLE_NOT_ALLOWED');
    expect(await refusal(governance.approve('1', { by: 'nobody' }))).toBe('ROLE_NOT_ALLOWED');
    expect(await refusal(governance.approve('1', { by: 'carol' }))).toBe('SELF_APPROVAL');
    await governance.approve('1', { by: 'bob' });
    expect(await refusal(governance.approve('1', { by: 'bob' }))).toBe('DUPLICATE_APPROVAL');
    expect(await refusal(governance.reject('1', { by: 'alice', reason: 'no' }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(await refusal(governance.revoke('1', { by: 'alice', reason: 'no' }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect((await governance.status('1')).status).toBe('PendingManualApproval');
    expect(await actions()).toEqual([
      'carol:approval.request',
      'alice:approval.approve.refused',
      'nobody:approval.approve.refused',
      'carol:approval.approve.refused',
      'bob:approval.approve',
      'bob:approval.approve.refused',
      'alice:approval.reject.refused',
      'alice:approval.revoke.refused',
    ]);
    const refused = (await audit.entries()).filter((entry) => entry.action.endsWith('.refused'));
    expect(refused.map((entry) => entry.details.reason)).toEqual([
      'ROLE_NOT_ALLOWED',
      'ROLE_NOT_ALLOWED',
      'SELF_APPROVAL',
      'DUPLICATE_APPROVAL',
      'ROLE_NOT_ALLOWED',
      'ROLE_NOT_ALLOWED',
    ]);
    expect(refused[0]?.details.roles).toEqual(['data-scientist']);
    await governance.approve('1', { by: 'dave' });
    expect((await governance.status('1')).status).toBe('Approved');
  });

  it('keeps Rejected and Revoked terminal until a new request, which starts the count again', async () => {
    expect(await refusal(governance.approve('1', { by: 'bob' }))).toBe('INVALID_TRANSITION');
    await governance.requestApproval('1', { requestedBy: 'alice' });
    expect(await refusal(governance.requestApproval('1', { requestedBy: 'alice' }))).toBe(
      'INVALID_TRANSITION',
    );
    await governance.approve('1', { by: 'bob' });
    const rejected = await governance.reject('1', { by: 'carol', reason: 'drift on slice EU' });
    expect(rejected).toMatchObject({
      status: 'Rejected',
      decidedBy: 'carol',
      reason: 'drift on slice EU',
    });
    expect(await refusal(governance.approve('1', { by: 'dave' }))).toBe('INVALID_TRANSITION');
    expect(await refusal(governance.reject('1', { by: 'dave', reason: 'again' }))).toBe(
      'INVALID_TRANSITION',
    );
    expect(await refusal(governance.revoke('1', { by: 'dave', reason: 'again' }))).toBe(
      'INVALID_TRANSITION',
    );

    const again = await governance.requestApproval('1', {
      requestedBy: 'alice',
      evidence: { retrained: true },
    });
    expect(again).toMatchObject({
      status: 'PendingManualApproval',
      approvals: [],
      decidedBy: undefined,
      reason: undefined,
    });
    expect((await registry.getModelVersion(model, '1')).tags.approved_by).toBeUndefined();
    await governance.approve('1', { by: 'bob' });
    await governance.approve('1', { by: 'carol' });
    expect(await refusal(governance.requestApproval('1', { requestedBy: 'alice' }))).toBe(
      'INVALID_TRANSITION',
    );
    const revoked = await governance.revoke('1', { by: 'dave', reason: 'incident 42' });
    expect(revoked.status).toBe('Revoked');
    expect(await refusal(governance.approve('1', { by: 'dave' }))).toBe('INVALID_TRANSITION');
    expect(await refusal(governance.setAlias('champion', '1', { by: 'dave' }))).toBe(
      'NOT_APPROVED',
    );
    await governance.requestApproval('1', { requestedBy: 'alice' });
    expect((await governance.status('1')).status).toBe('PendingManualApproval');
  });

  it('a pending request can be revoked', async () => {
    await governance.requestApproval('2', { requestedBy: 'alice' });
    expect((await governance.revoke('2', { by: 'bob', reason: 'withdrawn' })).status).toBe(
      'Revoked',
    );
  });

  it('guards protected aliases, auditing both outcomes, and lets other aliases through', async () => {
    expect(await refusal(governance.setAlias('champion', '1', { by: 'alice' }))).toBe(
      'NOT_APPROVED',
    );
    expect(await refusal(governance.setAlias('production', '1', { by: 'alice' }))).toBe(
      'NOT_APPROVED',
    );
    expect(registry.calls.some((call) => call.method === 'setAlias')).toBe(false);
    await governance.setAlias('challenger', '1', { by: 'alice' });
    await governance.requestApproval('1', { requestedBy: 'alice' });
    await governance.approve('1', { by: 'bob' });
    expect(await refusal(governance.setAlias('champion', '1', { by: 'alice' }))).toBe(
      'NOT_APPROVED',
    );
    await governance.approve('1', { by: 'carol' });
    await governance.setAlias('champion', '1', { by: 'alice' });
    expect((await registry.getRegisteredModel(model)).aliases).toEqual({
      challenger: '1',
      champion: '1',
    });
    const aliasEntries = (await audit.entries()).filter((entry) =>
      entry.action.startsWith('alias.'),
    );
    expect(
      aliasEntries.map((entry) => [
        entry.action,
        entry.details.alias,
        entry.details.reason ?? null,
      ]),
    ).toEqual([
      ['alias.set.refused', 'champion', 'NOT_APPROVED'],
      ['alias.set.refused', 'production', 'NOT_APPROVED'],
      ['alias.set', 'challenger', null],
      ['alias.set.refused', 'champion', 'NOT_APPROVED'],
      ['alias.set', 'champion', null],
    ]);
    expect(aliasEntries[0]?.details.status).toBe('None');
    expect(aliasEntries[3]?.details.status).toBe('PendingManualApproval');
    expect(aliasEntries[4]?.details).toMatchObject({ protected: true, previousVersion: null });
  });

  it('checks a protected alias without moving it (assertAliasAllowed), auditing a refusal', async () => {
    expect(
      await refusal(governance.assertAliasAllowed('champion', '1', { by: 'rollout-controller' })),
    ).toBe('NOT_APPROVED');
    await governance.assertAliasAllowed('challenger', '1', { by: 'rollout-controller' });
    await governance.requestApproval('1', { requestedBy: 'alice' });
    await governance.approve('1', { by: 'bob' });
    await governance.approve('1', { by: 'carol' });
    await governance.assertAliasAllowed('champion', '1', { by: 'rollout-controller' });
    expect(registry.calls.some((call) => call.method === 'setAlias')).toBe(false);
    expect((await registry.getRegisteredModel(model)).aliases).toEqual({});
    const aliasEntries = (await audit.entries()).filter((entry) =>
      entry.action.startsWith('alias.'),
    );
    expect(aliasEntries.map((entry) => [entry.action, entry.actor])).toEqual([
      ['alias.set.refused', 'rollout-controller'],
    ]);
  });

  it('takes protected aliases and users from the settings, including a resolver', async () => {
    const strict = createGovernance(registry, {
      modelName: model,
      policy: { requiredApprovals: 1, approverRoles: ['lead'], protectedAliases: ['live'] },
      users: async (user) => (user === 'root' ? { roles: ['lead'] } : undefined),
      audit,
    });
    await strict.setAlias('champion', '2', { by: 'x' });
    expect(await refusal(strict.setAlias('live', '2', { by: 'x' }))).toBe('NOT_APPROVED');
    await strict.requestApproval('2', { requestedBy: 'x' });
    expect(await refusal(strict.approve('2', { by: 'x' }))).toBe('ROLE_NOT_ALLOWED');
    expect((await strict.approve('2', { by: 'root' })).status).toBe('Approved');
    await strict.setAlias('live', '2', { by: 'root' });
    expect((await registry.getRegisteredModel(model)).aliases.live).toBe('2');
  });

  it('refuses a bad policy and oversized evidence before touching the registry', async () => {
    const make = (policy: { requiredApprovals: number; approverRoles: string[] }) => () =>
      createGovernance(registry, { modelName: model, policy, users, audit });
    expect(make({ requiredApprovals: 0, approverRoles: ['a'] })).toThrow(InvalidArgumentError);
    expect(make({ requiredApprovals: 1.5, approverRoles: ['a'] })).toThrow(InvalidArgumentError);
    expect(make({ requiredApprovals: 1, approverRoles: [] })).toThrow(InvalidArgumentError);
    const before = registry.calls.length;
    await expect(
      governance.requestApproval('1', {
        requestedBy: 'alice',
        evidence: { blob: 'x'.repeat(4000) },
      }),
    ).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    await expect(
      governance.approve('1', { by: 'bob', comment: 'y'.repeat(1001) }),
    ).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    expect(registry.calls.length).toBe(before);
  });

  it('GovernanceError is told apart from its siblings', async () => {
    const error = new GovernanceError({ reason: 'NOT_APPROVED', message: 'm' });
    expect(GovernanceError.isInstance(error)).toBe(true);
    expect(InvalidArgumentError.isInstance(error)).toBe(false);
  });
});
