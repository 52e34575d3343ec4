import type { RegistryClient } from '../client/registry-client';
import type { ModelVersion, RegisteredModel } from '../client/types';

interface StoredModel {
  name: string;
  tags: Record<string, string>;
  aliases: Record<string, string>;
  versions: ModelVersion[];
}

/** Every write the fake registry received, in order (for asserting the order of alias moves). */
export type RegistryWrite =
  | { op: 'setAlias'; alias: string; version: string }
  | { op: 'deleteAlias'; alias: string }
  | { op: 'setTag'; key: string; value: string }
  | { op: 'deleteTag'; key: string };

/**
 * An in-memory `RegistryClient` for the deploy unit tests: registered models, versions,
 * tags and aliases, with MLflow's not-found errors as plain errors carrying `errorCode`.
 */
export function createInMemoryRegistry(): RegistryClient & {
  readonly writes: RegistryWrite[];
  addVersions(name: string, count: number): void;
} {
  const models = new Map<string, StoredModel>();
  const writes: RegistryWrite[] = [];
  const notFound = (what: string) =>
    Object.assign(new Error(`${what} not found`), { errorCode: 'RESOURCE_DOES_NOT_EXIST' });
  const model = (name: string): StoredModel => {
    const found = models.get(name);
    if (found === undefined) throw notFound(`registered model ${name}`);
    return found;
  };
  const versionRecord = (stored: StoredModel, version: ModelVersion): ModelVersion => ({
    ...version,
    aliases: Object.entries(stored.aliases)
      .filter(([, value]) => value === version.version)
      .map(([alias]) => alias),
  });
  const modelRecord = (stored: StoredModel): RegisteredModel => ({
    name: stored.name,
    description: '',
    createdAt: new Date(0),
    updatedAt: new Date(0),
    tags: { ...stored.tags },
    aliases: { ...stored.aliases },
    latestVersions: [],
  });
  const unsupported = (): never => {
    throw new Error('not supported by the in-memory registry');
  };
  const create = (name: string, tags: Readonly<Record<string, string>> = {}) => {
    const stored: StoredModel = { name, tags: { ...tags }, aliases: {}, versions: [] };
    models.set(name, stored);
    return modelRecord(stored);
  };
  const addVersion = (name: string, source: string): ModelVersion => {
    const stored = model(name);
    const version: ModelVersion = {
      name,
      version: String(stored.versions.length + 1),
      description: '',
      createdAt: new Date(0),
      updatedAt: new Date(0),
      source,
      runId: undefined,
      modelId: undefined,
      status: 'READY',
      statusMessage: undefined,
      stage: 'None',
      tags: {},
      aliases: [],
      userId: undefined,
    };
    stored.versions.push(version);
    return version;
  };
  const getVersion = (name: string, version: string): ModelVersion => {
    const stored = model(name);
    const found = stored.versions.find((candidate) => candidate.version === version);
    if (found === undefined) throw notFound(`version ${version} of ${name}`);
    return versionRecord(stored, found);
  };

  return {
    writes,
    addVersions(name, count) {
      if (!models.has(name)) create(name);
      for (let index = 0; index < count; index++) addVersion(name, `models:/m-${index}`);
    },
    async createRegisteredModel(name, options) {
      if (models.has(name))
        throw Object.assign(new Error('exists'), { errorCode: 'RESOURCE_ALREADY_EXISTS' });
      return create(name, options?.tags);
    },
    async ensureRegisteredModel(name, options) {
      const found = models.get(name);
      return found === undefined ? create(name, options?.tags) : modelRecord(found);
    },
    async getRegisteredModel(name) {
      return modelRecord(model(name));
    },
    renameRegisteredModel: async () => unsupported(),
    updateRegisteredModel: async () => unsupported(),
    async deleteRegisteredModel(name) {
      model(name);
      models.delete(name);
    },
    async setRegisteredModelTag(name, key, value) {
      model(name).tags[key] = value;
      writes.push({ op: 'setTag', key, value });
    },
    async deleteRegisteredModelTag(name, key) {
      delete model(name).tags[key];
      writes.push({ op: 'deleteTag', key });
    },
    searchRegisteredModels: () => unsupported(),
    async createModelVersion(name, source) {
      return addVersion(name, source);
    },
    async getModelVersion(name, version) {
      return getVersion(name, version);
    },
    updateModelVersion: async () => unsupported(),
    deleteModelVersion: async () => unsupported(),
    setModelVersionTag: async () => unsupported(),
    deleteModelVersionTag: async () => unsupported(),
    transitionModelVersionStage: async () => unsupported(),
    getLatestVersions: async () => unsupported(),
    getModelVersionDownloadUri: async () => unsupported(),
    searchModelVersions: () => unsupported(),
    async waitForModelVersion(name, version) {
      return getVersion(name, version) as ModelVersion & { status: 'READY' };
    },
    async setAlias(name, alias, version) {
      getVersion(name, version);
      model(name).aliases[alias] = version;
      writes.push({ op: 'setAlias', alias, version });
    },
    async deleteAlias(name, alias) {
      const stored = model(name);
      if (stored.aliases[alias] === undefined) throw notFound(`alias ${alias}`);
      delete stored.aliases[alias];
      writes.push({ op: 'deleteAlias', alias });
    },
    async getVersionByAlias(name, alias) {
      const stored = model(name);
      const version = stored.aliases[alias];
      return version === undefined ? undefined : getVersion(name, version);
    },
    async close() {},
  };
}
