import { callRegistry } from './call-registry';
import { toModelVersion } from './record-mapping';
import type { RegistryClient } from './registry-client';
import { type RegistryContext, required, toKeyValues, withSignal } from './registry-context';
import { searchPages, searchQuery } from './search-pages';
import {
  validateModelName,
  validateTagKey,
  validateTags,
  validateTagValue,
  validateVersion,
} from './validation';

type ModelVersionCalls = Pick<
  RegistryClient,
  | 'createModelVersion'
  | 'getModelVersion'
  | 'updateModelVersion'
  | 'deleteModelVersion'
  | 'setModelVersionTag'
  | 'deleteModelVersionTag'
  | 'transitionModelVersionStage'
  | 'getLatestVersions'
  | 'getModelVersionDownloadUri'
  | 'searchModelVersions'
>;

function validateModelAndVersion(name: string, version: string): void {
  validateModelName(name);
  validateVersion(version);
}

/** The model-version operations of the registry client. */
export function modelVersionCalls({ client }: RegistryContext): ModelVersionCalls {
  return {
    async createModelVersion(name, source, options = {}) {
      validateModelName(name);
      validateTags(options.tags, 'model version');
      return callRegistry('createModelVersion', name, async () => {
        const { data } = await client.POST('/api/2.0/mlflow/model-versions/create', {
          body: {
            name,
            source,
            ...(options.runId === undefined ? {} : { run_id: options.runId }),
            ...(options.modelId === undefined ? {} : { model_id: options.modelId }),
            ...(options.description === undefined ? {} : { description: options.description }),
            ...(options.runLink === undefined ? {} : { run_link: options.runLink }),
            ...(options.tags === undefined ? {} : { tags: toKeyValues(options.tags) }),
          },
          ...withSignal(options.signal),
        });
        return toModelVersion(required(data?.model_version, 'model_version'));
      });
    },

    async getModelVersion(name, version, options = {}) {
      validateModelAndVersion(name, version);
      return callRegistry('getModelVersion', name, async () => {
        const { data } = await client.GET('/api/2.0/mlflow/model-versions/get', {
          params: { query: { name, version } },
          ...withSignal(options.signal),
        });
        return toModelVersion(required(data?.model_version, 'model_version'));
      });
    },

    async updateModelVersion(name, version, description, options = {}) {
      validateModelAndVersion(name, version);
      return callRegistry('updateModelVersion', name, async () => {
        const { data } = await client.PATCH('/api/2.0/mlflow/model-versions/update', {
          body: { name, version, description },
          ...withSignal(options.signal),
        });
        return toModelVersion(required(data?.model_version, 'model_version'));
      });
    },

    async deleteModelVersion(name, version, options = {}) {
      validateModelAndVersion(name, version);
      await callRegistry('deleteModelVersion', name, () =>
        client.DELETE('/api/2.0/mlflow/model-versions/delete', {
          body: { name, version },
          ...withSignal(options.signal),
        }),
      );
    },

    async setModelVersionTag(name, version, key, value, options = {}) {
      validateModelAndVersion(name, version);
      validateTagKey(key);
      validateTagValue(value, 'model version');
      await callRegistry('setModelVersionTag', name, () =>
        client.POST('/api/2.0/mlflow/model-versions/set-tag', {
          body: { name, version, key, value },
          ...withSignal(options.signal),
        }),
      );
    },

    async deleteModelVersionTag(name, version, key, options = {}) {
      validateModelAndVersion(name, version);
      validateTagKey(key);
      await callRegistry('deleteModelVersionTag', name, () =>
        client.DELETE('/api/2.0/mlflow/model-versions/delete-tag', {
          body: { name, version, key },
          ...withSignal(options.signal),
        }),
      );
    },

    async transitionModelVersionStage(name, version, stage, options = {}) {
      validateModelAndVersion(name, version);
      return callRegistry('transitionModelVersionStage', name, async () => {
        const { data } = await client.POST('/api/2.0/mlflow/model-versions/transition-stage', {
          body: {
            name,
            version,
            stage,
            archive_existing_versions: options.archiveExistingVersions ?? false,
          },
          ...withSignal(options.signal),
        });
        return toModelVersion(required(data?.model_version, 'model_version'));
      });
    },

    async getLatestVersions(name, options = {}) {
      validateModelName(name);
      return callRegistry('getLatestVersions', name, async () => {
        const { data } = await client.POST(
          '/api/2.0/mlflow/registered-models/get-latest-versions',
          {
            body: {
              name,
              ...(options.stages === undefined ? {} : { stages: [...options.stages] }),
            },
            ...withSignal(options.signal),
          },
        );
        return (data?.model_versions ?? []).map(toModelVersion);
      });
    },

    async getModelVersionDownloadUri(name, version, options = {}) {
      validateModelAndVersion(name, version);
      return callRegistry('getModelVersionDownloadUri', name, async () => {
        const { data } = await client.GET('/api/2.0/mlflow/model-versions/get-download-uri', {
          params: { query: { name, version } },
          ...withSignal(options.signal),
        });
        return required(data?.artifact_uri, 'artifact_uri');
      });
    },

    searchModelVersions(options = {}) {
      return searchPages(async (pageToken) => {
        const { data } = await callRegistry('searchModelVersions', undefined, () =>
          client.GET('/api/2.0/mlflow/model-versions/search', {
            params: { query: searchQuery(options, pageToken) },
            ...withSignal(options.signal),
          }),
        );
        return {
          items: (data?.model_versions ?? []).map(toModelVersion),
          nextPageToken: data?.next_page_token,
        };
      }, options.signal);
    },
  };
}
