import type { RegistryClient } from '../client/registry-client';
import type { ModelVersion, RegisteredModel } from '../client/types';

interface StoredModel {
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  tags: Map<string, string>;
  aliases: Map<string, string>;
  versions: Map<string, StoredVersion>;
}

interface StoredVersion {
  version: string;
  source: string;
  runId: string | undefined;
  modelId: string | undefined;
  description: string;
  createdAt: Date;
  tags: Map<string, string>;
}

/** A call the fake received, for assertions on what was sent. */
export interface RecordedCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** An in-memory `RegistryClient` for unit tests, with the calls it received. */
export interface InMemoryRegistry extends RegistryClient {
  readonly calls: RecordedCall[];
}

function notFound(what: string): Error {
  return Object.assign(new Error(`RESOURCE_DOES_NOT_EXIST: ${what}`), {
    errorCode: 'RESOURCE_DOES_NOT_EXIST',
  });
}

/**
 * Registered models, versions, tags and aliases kept in maps, with MLflow's semantics for
 * the calls governance, the audit log and model cards make; the rest throw.
 */
export function createInMemoryRegistry(): InMemoryRegistry {
  const models = new Map<string, StoredModel>();
  const calls: RecordedCall[] = [];

  const model = (name: string): StoredModel => {
    const found = models.get(name);
    if (found === undefined) throw notFound(`registered model ${name}`);
    return found;
  };
  const storedVersion = (name: string, version: string): StoredVersion => {
    const found = model(name).versions.get(version);
    if (found === undefined) throw notFound(`model version ${name}/${version}`);
    return found;
  };
  const toVersion = (stored: StoredModel, version: StoredVersion): ModelVersion => ({
    name: stored.name,
    version: version.version,
    description: version.description,
    createdAt: version.createdAt,
    updatedAt: version.createdAt,
    source: version.source,
    runId: version.runId,
    modelId: version.modelId,
    status: 'READY',
    statusMessage: undefined,
    stage: 'None',
    tags: Object.fromEntries(version.tags),
    aliases: [...stored.aliases]
      .filter(([, value]) => value === version.version)
      .map(([alias]) => alias),
    userId: undefined,
  });
  const toModel = (stored: StoredModel): RegisteredModel => ({
    name: stored.name,
    description: stored.description,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    tags: Object.fromEntries(stored.tags),
    aliases: Object.fromEntries(stored.aliases),
    latestVersions: [],
  });
  const unsupported = (method: string) => async (): Promise<never> => {
    throw new Error(`${method} is not implemented by the in-memory registry`);
  };
  const record = (method: string, args: unknown[]) => {
    calls.push({ method, args });
  };

  return {
    calls,
    async createRegisteredModel(name, options = {}) {
      record('createRegisteredModel', [name]);
      if (models.has(name)) throw new Error(`RESOURCE_ALREADY_EXISTS: ${name}`);
      const now = new Date();
      models.set(name, {
        name,
        description: options.description ?? '',
        createdAt: now,
        updatedAt: now,
        tags: new Map(Object.entries(options.tags ?? {})),
        aliases: new Map(),
        versions: new Map(),
      });
      return toModel(model(name));
    },
    async ensureRegisteredModel(name, options) {
      return models.has(name) ? toModel(model(name)) : this.createRegisteredModel(name, options);
    },
    async getRegisteredModel(name) {
      record('getRegisteredModel', [name]);
      return toModel(model(name));
    },
    renameRegisteredModel: unsupported('renameRegisteredModel'),
    updateRegisteredModel: unsupported('updateRegisteredModel'),
    async deleteRegisteredModel(name) {
      record('deleteRegisteredModel', [name]);
      models.delete(name);
    },
    async setRegisteredModelTag(name, key, value) {
      record('setRegisteredModelTag', [name, key, value]);
      model(name).tags.set(key, value);
    },
    async deleteRegisteredModelTag(name, key) {
      record('deleteRegisteredModelTag', [name, key]);
      model(name).tags.delete(key);
    },
    searchRegisteredModels: async function* () {
      yield* [...models.values()].map(toModel);
    },
    async createModelVersion(name, source, options = {}) {
      record('createModelVersion', [name, source]);
      const stored = model(name);
      const version = String(stored.versions.size + 1);
      stored.versions.set(version, {
        version,
        source,
        runId: options.runId,
        modelId: options.modelId,
        description: options.description ?? '',
        createdAt: new Date(),
        tags: new Map(Object.entries(options.tags ?? {})),
      });
      return toVersion(stored, storedVersion(name, version));
    },
    async getModelVersion(name, version) {
      record('getModelVersion', [name, version]);
      return toVersion(model(name), storedVersion(name, version));
    },
    updateModelVersion: unsupported('updateModelVersion'),
    deleteModelVersion: unsupported('deleteModelVersion'),
    async setModelVersionTag(name, version, key, value) {
      record('setModelVersionTag', [name, version, key, value]);
      storedVersion(name, version).tags.set(key, value);
    },
    async deleteModelVersionTag(name, version, key) {
      record('deleteModelVersionTag', [name, version, key]);
      storedVersion(name, version).tags.delete(key);
    },
    transitionModelVersionStage: unsupported('transitionModelVersionStage'),
    getLatestVersions: unsupported('getLatestVersions'),
    getModelVersionDownloadUri: unsupported('getModelVersionDownloadUri'),
    searchModelVersions: async function* () {
      yield* [...models.values()].flatMap((stored) =>
        [...stored.versions.values()].map((version) => toVersion(stored, version)),
      );
    },
    async waitForModelVersion(name, version) {
      return { ...toVersion(model(name), storedVersion(name, version)), status: 'READY' as const };
    },
    async setAlias(name, alias, version) {
      record('setAlias', [name, alias, version]);
      storedVersion(name, version);
      model(name).aliases.set(alias, version);
    },
    async deleteAlias(name, alias) {
      record('deleteAlias', [name, alias]);
      model(name).aliases.delete(alias);
    },
    async getVersionByAlias(name, alias) {
      const version = model(name).aliases.get(alias);
      return version === undefined
        ? undefined
        : toVersion(model(name), storedVersion(name, version));
    },
    async close() {},
  };
}
