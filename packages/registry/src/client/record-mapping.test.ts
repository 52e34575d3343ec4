import { describe, expect, it } from 'vitest';
import { toModelVersion, toRegisteredModel } from './record-mapping';

describe('record mapping', () => {
  it('maps a model version to camelCase, with dates, tag records and aliases', () => {
    const version = toModelVersion({
      name: 'classifier',
      version: '3',
      creation_timestamp: 1_700_000_000_123,
      last_updated_timestamp: 1_700_000_005_000,
      user_id: 'alice',
      current_stage: 'Staging',
      description: 'retrained',
      source: 'models:/m-0123',
      run_id: 'r1',
      model_id: 'm-0123',
      status: 'READY',
      status_message: 'done',
      tags: [
        { key: 'team', value: 'ops' },
        { key: 'empty', value: '' },
      ],
      aliases: ['champion', 'canary'],
    });
    expect(version).toEqual({
      name: 'classifier',
      version: '3',
      description: 'retrained',
      createdAt: new Date(1_700_000_000_123),
      updatedAt: new Date(1_700_000_005_000),
      source: 'models:/m-0123',
      runId: 'r1',
      modelId: 'm-0123',
      status: 'READY',
      statusMessage: 'done',
      stage: 'Staging',
      tags: { team: 'ops', empty: '' },
      aliases: ['champion', 'canary'],
      userId: 'alice',
    });
  });

  it('reads the logged model id from a models:/ source, since MLflow does not send model_id', () => {
    const id = 'm-0123456789abcdef0123456789abcdef';
    expect(toModelVersion({ source: `models:/${id}` }).modelId).toBe(id);
    expect(toModelVersion({ source: 'models:/classifier/3' }).modelId).toBeUndefined();
    expect(toModelVersion({ source: 'models:/classifier@champion' }).modelId).toBeUndefined();
    expect(toModelVersion({ source: `runs:/r1/${id}` }).modelId).toBeUndefined();
  });

  it('fills in what MLflow omits', () => {
    const version = toModelVersion({ name: 'm', version: '1', creation_timestamp: 5, run_id: '' });
    expect(version).toMatchObject({
      description: '',
      updatedAt: new Date(5),
      runId: undefined,
      modelId: undefined,
      userId: undefined,
      statusMessage: undefined,
      stage: 'None',
      status: 'PENDING_REGISTRATION',
      tags: {},
      aliases: [],
    });
  });

  it('maps a registered model with its aliases as a record and its latest versions', () => {
    const model = toRegisteredModel({
      name: 'classifier',
      creation_timestamp: 10,
      last_updated_timestamp: 20,
      description: 'd',
      tags: [{ key: 'k', value: 'v' }],
      aliases: [
        { alias: 'champion', version: '2' },
        { alias: 'canary', version: '3' },
      ],
      latest_versions: [{ name: 'classifier', version: '3', status: 'READY' }],
    });
    expect(model).toMatchObject({
      name: 'classifier',
      description: 'd',
      createdAt: new Date(10),
      updatedAt: new Date(20),
      tags: { k: 'v' },
      aliases: { champion: '2', canary: '3' },
    });
    expect(model.latestVersions.map((version) => [version.version, version.status])).toEqual([
      ['3', 'READY'],
    ]);
    expect(toRegisteredModel({ name: 'bare' })).toMatchObject({
      description: '',
      tags: {},
      aliases: {},
      latestVersions: [],
    });
  });
});
