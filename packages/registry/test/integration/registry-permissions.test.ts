// The registry client against MLflow's basic-auth app: a user without write permission on a
// model is refused with RegistryPermissionError (operation and model named), and the
// registry is left as it was, read back as the admin.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTracker, type Run, type Tracker } from '@dagnostics/tracking';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { createAuditLog } from '../../src/audit';
import { createRegistryClient, type RegistryClient } from '../../src/client';
import { RegistryPermissionError } from '../../src/errors';
import { createGovernance } from '../../src/governance';

async function refusal(promise: Promise<unknown>): Promise<RegistryPermissionError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!RegistryPermissionError.isInstance(error)) {
    throw new Error(`expected a RegistryPermissionError, got ${String(error)}`);
  }
  return error;
}

describeWithService('mlflow-auth', 'registry permissions (MLflow basic auth)', (mlflow) => {
  const prefix = `permissions-${randomUUID().slice(0, 8)}`;
  const locked = `${prefix}-locked`;
  const editable = `${prefix}-editable`;
  const user = { username: `${prefix}-bob`, password: randomBytes(12).toString('base64url') };
  let scratch: string;
  let tracker: Tracker;
  let run: Run;
  let admin: RegistryClient;
  let bob: RegistryClient;

  /** Calls one of MLflow's basic-auth admin routes as the admin. */
  async function asAdmin(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${mlflow.uri}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${mlflow.username}:${mlflow.password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  }

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'dagnostics-registry-permissions-'));
    const adminSettings = {
      trackingUri: mlflow.uri,
      username: mlflow.username,
      password: mlflow.password,
      maxRetries: 0,
    };
    tracker = createTracker({
      ...adminSettings,
      localDir: join(scratch, 'journal'),
      handleSignals: false,
    });
    run = await tracker.startRun({ experimentName: `${prefix}-experiment` });
    admin = createRegistryClient(adminSettings);

    await admin.createRegisteredModel(locked, { tags: { team: 'ops' } });
    await admin.createModelVersion(locked, `runs:/${run.id}/model`, {
      runId: run.id,
      tags: { validated: 'true' },
    });
    await admin.setAlias(locked, 'champion', '1');
    await admin.createRegisteredModel(editable);

    // A second user, who gets the server's default permission (READ) on every model, and
    // EDIT on the editable one only.
    await asAdmin('/api/2.0/mlflow/users/create', user);
    await asAdmin('/api/3.0/mlflow/users/permissions/grant', {
      username: user.username,
      resource_type: 'registered_model',
      resource_id: editable,
      permission: 'EDIT',
    });
    bob = createRegistryClient({ trackingUri: mlflow.uri, ...user, maxRetries: 0 });
  });
  afterAll(async () => {
    await bob?.close();
    await admin?.close();
    await tracker?.close();
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  it('lets the user read the model but not change it, and changes nothing', async () => {
    expect((await bob.getRegisteredModel(locked)).aliases).toEqual({ champion: '1' });

    const version = await refusal(
      bob.createModelVersion(locked, `runs:/${run.id}/model`, { runId: run.id }),
    );
    expect(version).toMatchObject({
      operation: 'createModelVersion',
      model: locked,
      code: 'REGISTRY_PERMISSION_DENIED',
    });
    expect(version.message).toContain(locked);
    expect(await refusal(bob.setAlias(locked, 'champion', '1'))).toMatchObject({
      operation: 'setAlias',
      model: locked,
    });
    expect(await refusal(bob.setAlias(locked, 'challenger', '1'))).toMatchObject({
      operation: 'setAlias',
    });
    expect(await refusal(bob.deleteAlias(locked, 'champion'))).toMatchObject({
      operation: 'deleteAlias',
    });
    expect(await refusal(bob.setRegisteredModelTag(locked, 'team', 'ml'))).toMatchObject({
      operation: 'setRegisteredModelTag',
      model: locked,
    });
    expect(await refusal(bob.setModelVersionTag(locked, '1', 'validated', 'false'))).toMatchObject({
      operation: 'setModelVersionTag',
      model: locked,
    });

    const after = await admin.getRegisteredModel(locked);
    expect(after.tags).toEqual({ team: 'ops' });
    expect(after.aliases).toEqual({ champion: '1' });
    const versions = [];
    for await (const found of admin.searchModelVersions({ filter: `name = '${locked}'` })) {
      versions.push(found);
    }
    expect(versions.map((found) => found.version)).toEqual(['1']);
    expect(versions[0]?.tags).toEqual({ validated: 'true' });
  });

  it('refuses an approval through governance when the user cannot write the model', async () => {
    // Bob holds the approver role in the policy, but MLflow gives him READ on the model:
    // the approval's tag writes are refused, typed, and nothing is stored.
    const users = { ana: { roles: ['data-scientist'] }, bob: { roles: ['ml-lead'] } };
    const policy = { requiredApprovals: 1, approverRoles: ['ml-lead'] };
    const asAdmin = createGovernance(admin, {
      modelName: locked,
      policy,
      users,
      audit: createAuditLog(admin, locked),
    });
    await asAdmin.requestApproval('1', { requestedBy: 'ana' });
    const asBob = createGovernance(bob, {
      modelName: locked,
      policy,
      users,
      audit: createAuditLog(bob, locked),
    });
    expect(await refusal(asBob.approve('1', { by: 'bob' }))).toMatchObject({
      code: 'REGISTRY_PERMISSION_DENIED',
      model: locked,
    });
    expect((await asAdmin.status('1')).status).toBe('PendingManualApproval');
    expect(await refusal(asBob.setAlias('challenger', '1', { by: 'bob' }))).toMatchObject({
      code: 'REGISTRY_PERMISSION_DENIED',
    });
    expect((await admin.getRegisteredModel(locked)).aliases).toEqual({ champion: '1' });
  });

  it('lets the same user change the model it has EDIT on', async () => {
    await bob.setRegisteredModelTag(editable, 'team', 'ml');
    const created = await bob.createModelVersion(editable, `runs:/${run.id}/model`, {
      runId: run.id,
    });
    await bob.setAlias(editable, 'challenger', created.version);
    const after = await admin.getRegisteredModel(editable);
    expect(after.tags).toEqual({ team: 'ml' });
    expect(after.aliases).toEqual({ challenger: created.version });
  });
});
