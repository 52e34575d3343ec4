import { describe, expect, it } from 'vitest';
import type { ModelVersion } from '../client/types';
import { type ModelRegistrar, registerModel } from './register-model';

function version(fields: Partial<ModelVersion>): ModelVersion {
  return {
    name: 'classifier',
    version: '3',
    description: '',
    createdAt: new Date(0),
    updatedAt: new Date(0),
    source: '',
    runId: undefined,
    modelId: undefined,
    status: 'PENDING_REGISTRATION',
    statusMessage: undefined,
    stage: 'None',
    tags: {},
    aliases: [],
    userId: undefined,
    ...fields,
  };
}

describe('registerModel through a RegistryClient', () => {
  it('registers models:/<modelId> with the model id and source run, then waits for READY', async () => {
    const calls: unknown[][] = [];
    const registrar: ModelRegistrar = {
      ensureRegisteredModel: async (...args) => {
        calls.push(['ensure', ...args]);
        return {} as never;
      },
      createModelVersion: async (...args) => {
        calls.push(['create', ...args]);
        return version({ source: args[1] });
      },
      waitForModelVersion: async (...args) => {
        calls.push(['wait', ...args]);
        return { ...version({ source: 'models:/m-1' }), status: 'READY' };
      },
    };
    const registered = await registerModel(
      registrar,
      'classifier',
      { modelId: 'm-1', sourceRunId: 'run-9' },
      { tags: { team: 'ops' }, timeoutMs: 5_000 },
    );
    expect(registered.status).toBe('READY');
    expect(calls).toEqual([
      ['ensure', 'classifier', {}],
      [
        'create',
        'classifier',
        'models:/m-1',
        { modelId: 'm-1', runId: 'run-9', tags: { team: 'ops' } },
      ],
      ['wait', 'classifier', '3', { timeoutMs: 5_000 }],
    ]);
  });
});
