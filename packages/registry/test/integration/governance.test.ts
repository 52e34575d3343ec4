// Approvals, guarded alias moves and the audit log against a real MLflow 3 server (SQLite
// store): the state lands in tags MLflow's own Python client reads, and an audit tag edited
// through the raw REST API is found by verify().
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { hasPythonMlflow, runPythonMlflow } from '../../../tracking/test/support/python-mlflow';
import { auditEntryTagKey, auditHeadTagKey, createAuditLog } from '../../src/audit';
import type { RegistryClient } from '../../src/client';
import { GovernanceError } from '../../src/errors';
import { createGovernance } from '../../src/governance';
import { type RegisteredModels, registerLoggedModels } from './fixtures/registered-models';

const readScript = `
import json, sys
from mlflow import MlflowClient
request = json.load(sys.stdin)
client = MlflowClient(tracking_uri=request["uri"], registry_uri=request["uri"])
version = client.get_model_version(request["name"], request["version"])
champion = client.get_model_version_by_alias(request["name"], "champion")
model = client.get_registered_model(request["name"])
print(json.dumps({"tags": version.tags, "champion": champion.version, "model_tags": model.tags}))
`;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'dagnostics-governance-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!GovernanceError.isInstance(error))
    throw new Error(`expected a GovernanceError, got ${String(error)}`);
  return error.reason;
}

describeWithService('mlflow-sqlite', 'governance against MLflow (SQLite)', (mlflow) => {
  let setup: RegisteredModels | undefined;
  let registry: RegistryClient;
  const name = `governed-${randomUUID()}`;

  beforeAll(async () => {
    setup = await registerLoggedModels({ uri: mlflow.uri, scratch, name, versions: 2 });
    ({ registry } = setup);
  });
  afterAll(async () => {
    await setup?.close();
  });

  it('request → two approvals → champion; unapproved moves refused and audited; tampering found', async () => {
    const audit = createAuditLog(registry, name);
    const governance = createGovernance(registry, {
      modelName: name,
      policy: { requiredApprovals: 2, approverRoles: ['ml-lead', 'risk'] },
      users: {
        alice: { roles: ['data-scientist'] },
        bob: { roles: ['ml-lead'] },
        carol: { roles: ['risk'] },
      },
      audit,
    });

    expect(await refusal(governance.setAlias('champion', '1', { by: 'alice' }))).toBe(
      'NOT_APPROVED',
    );
    expect(await registry.getVersionByAlias(name, 'champion')).toBeUndefined();

    await governance.requestApproval('1', { requestedBy: 'alice', evidence: { gate: 'passed' } });
    expect(await refusal(governance.approve('1', { by: 'alice' }))).toBe('ROLE_NOT_ALLOWED');
    await governance.approve('1', { by: 'bob', comment: 'looks good' });
    expect(await refusal(governance.approve('1', { by: 'bob' }))).toBe('DUPLICATE_APPROVAL');
    expect(await refusal(governance.setAlias('champion', '1', { by: 'alice' }))).toBe(
      'NOT_APPROVED',
    );
    expect((await governance.approve('1', { by: 'carol' })).status).toBe('Approved');
    await governance.setAlias('champion', '1', { by: 'alice' });
    expect((await registry.getVersionByAlias(name, 'champion'))?.version).toBe('1');

    // Version 2 was never approved: a protected move is refused, an unprotected one passes.
    expect(await refusal(governance.setAlias('production', '2', { by: 'bob' }))).toBe(
      'NOT_APPROVED',
    );
    await governance.setAlias('challenger', '2', { by: 'bob' });
    expect((await registry.getRegisteredModel(name)).aliases).toEqual({
      champion: '1',
      challenger: '2',
    });

    const entries = await audit.entries();
    expect(entries.map((entry) => `${entry.actor}:${entry.action}`)).toEqual([
      'alice:alias.set.refused',
      'alice:approval.request',
      'alice:approval.approve.refused',
      'bob:approval.approve',
      'bob:approval.approve.refused',
      'alice:alias.set.refused',
      'carol:approval.approve',
      'alice:alias.set',
      'bob:alias.set.refused',
      'bob:alias.set',
    ]);
    const check = await audit.verify();
    expect(check).toMatchObject({ ok: true, length: 10 });

    if (hasPythonMlflow()) {
      const read = await runPythonMlflow<{
        tags: Record<string, string>;
        champion: string;
        model_tags: Record<string, string>;
      }>(readScript, { uri: mlflow.uri, name, version: '1' });
      expect(read.tags).toMatchObject({ approval_status: 'Approved', approved_by: 'bob,carol' });
      expect(read.champion).toBe('1');
      expect(read.model_tags[auditHeadTagKey]).toBe(`10:${check.ok ? check.headHash : ''}`);
    }

    // Someone with EDIT on the model rewrites entry 4 by hand through the REST API.
    const key = auditEntryTagKey(4);
    const stored = JSON.parse((await registry.getRegisteredModel(name)).tags[key] ?? '{}');
    const response = await fetch(`${mlflow.uri}/api/2.0/mlflow/registered-models/set-tag`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, key, value: JSON.stringify({ ...stored, actor: 'mallory' }) }),
    });
    expect(response.status).toBe(200);
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: 'HASH_MISMATCH' });

    // And deletes entry 2: the first break is now there.
    const deleted = await fetch(`${mlflow.uri}/api/2.0/mlflow/registered-models/delete-tag`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, key: auditEntryTagKey(2) }),
    });
    expect(deleted.status).toBe(200);
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: 'MISSING_ENTRY' });
  });

  it('an audit entry too large for a tag is refused before anything is written', async () => {
    const audit = createAuditLog(registry, name);
    const before = (await registry.getRegisteredModel(name)).tags;
    await expect(
      audit.append({ actor: 'x', action: 'big', details: { blob: 'x'.repeat(6000) } }),
    ).rejects.toMatchObject({
      reason: 'ENTRY_TOO_LARGE',
    });
    expect((await registry.getRegisteredModel(name)).tags).toEqual(before);
  });
});
