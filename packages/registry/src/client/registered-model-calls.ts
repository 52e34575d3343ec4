import { callRegistry, isAlreadyExists } from './call-registry';
import { toRegisteredModel } from './record-mapping';
import type { RegistryClient } from './registry-client';
import { type RegistryContext, required, toKeyValues, withSignal } from './registry-context';
import { searchPages, searchQuery } from './search-pages';
import { validateModelName, validateTagKey, validateTags, validateTagValue } from './validation';

type RegisteredModelCalls = Pick<
  RegistryClient,
  | 'createRegisteredModel'
  | 'ensureRegisteredModel'
  | 'getRegisteredModel'
  | 'renameRegisteredModel'
  | 'updateRegisteredModel'
  | 'deleteRegisteredModel'
  | 'setRegisteredModelTag'
  | 'deleteRegisteredModelTag'
  | 'searchRegisteredModels'
>;

/** The registered-model operations of the registry client. */
export function registeredModelCalls({ client }: RegistryContext): RegisteredModelCalls {
  const calls: RegisteredModelCalls = {
    async createRegisteredModel(name, options = {}) {
      validateModelName(name);
      validateTags(options.tags, 'registered model');
      return callRegistry('createRegisteredModel', name, async () => {
        const { data } = await client.POST('/api/2.0/mlflow/registered-models/create', {
          body: {
            name,
            ...(options.description === undefined ? {} : { description: options.description }),
            ...(options.tags === undefined ? {} : { tags: toKeyValues(options.tags) }),
          },
          ...withSignal(options.signal),
        });
        return toRegisteredModel(required(data?.registered_model, 'registered_model'));
      });
    },

    async ensureRegisteredModel(name, options = {}) {
      try {
        return await calls.createRegisteredModel(name, options);
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        return calls.getRegisteredModel(name, options);
      }
    },

    async getRegisteredModel(name, options = {}) {
      validateModelName(name);
      return callRegistry('getRegisteredModel', name, async () => {
        const { data } = await client.GET('/api/2.0/mlflow/registered-models/get', {
          params: { query: { name } },
          ...withSignal(options.signal),
        });
        return toRegisteredModel(required(data?.registered_model, 'registered_model'));
      });
    },

    async renameRegisteredModel(name, newName, options = {}) {
      validateModelName(name);
      validateModelName(newName, 'new model name');
      return callRegistry('renameRegisteredModel', name, async () => {
        const { data } = await client.POST('/api/2.0/mlflow/registered-models/rename', {
          body: { name, new_name: newName },
          ...withSignal(options.signal),
        });
        return toRegisteredModel(required(data?.registered_model, 'registered_model'));
      });
    },

    async updateRegisteredModel(name, description, options = {}) {
      validateModelName(name);
      return callRegistry('updateRegisteredModel', name, async () => {
        const { data } = await client.PATCH('/api/2.0/mlflow/registered-models/update', {
          body: { name, description },
          ...withSignal(options.signal),
        });
        return toRegisteredModel(required(data?.registered_model, 'registered_model'));
      });
    },

    async deleteRegisteredModel(name, options = {}) {
      validateModelName(name);
      await callRegistry('deleteRegisteredModel', name, () =>
        client.DELETE('/api/2.0/mlflow/registered-models/delete', {
          body: { name },
          ...withSignal(options.signal),
        }),
      );
    },

    async setRegisteredModelTag(name, key, value, options = {}) {
      validateModelName(name);
      validateTagKey(key);
      validateTagValue(value, 'registered model');
      await callRegistry('setRegisteredModelTag', name, () =>
        client.POST('/api/2.0/mlflow/registered-models/set-tag', {
          body: { name, key, value },
          ...withSignal(options.signal),
        }),
      );
    },

    async deleteRegisteredModelTag(name, key, options = {}) {
      validateModelName(name);
      validateTagKey(key);
      await callRegistry('deleteRegisteredModelTag', name, () =>
        client.DELETE('/api/2.0/mlflow/registered-models/delete-tag', {
          body: { name, key },
          ...withSignal(options.signal),
        }),
      );
    },

    searchRegisteredModels(options = {}) {
      return searchPages(async (pageToken) => {
        const { data } = await callRegistry('searchRegisteredModels', undefined, () =>
          client.GET('/api/2.0/mlflow/registered-models/search', {
            params: { query: searchQuery(options, pageToken) },
            ...withSignal(options.signal),
          }),
        );
        return {
          items: (data?.registered_models ?? []).map(toRegisteredModel),
          nextPageToken: data?.next_page_token,
        };
      }, options.signal);
    },
  };
  return calls;
}
