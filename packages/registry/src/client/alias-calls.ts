import { callRegistry, isAliasNotFound } from './call-registry';
import { toModelVersion } from './record-mapping';
import type { RegistryClient } from './registry-client';
import { type RegistryContext, required, withSignal } from './registry-context';
import { validateAlias, validateModelName, validateVersion } from './validation';

type AliasCalls = Pick<RegistryClient, 'setAlias' | 'deleteAlias' | 'getVersionByAlias'>;

/** The alias operations of the registry client. */
export function aliasCalls({ client }: RegistryContext): AliasCalls {
  return {
    async setAlias(name, alias, version, options = {}) {
      validateModelName(name);
      validateAlias(alias, { forSetting: true });
      validateVersion(version);
      await callRegistry('setAlias', name, () =>
        client.POST('/api/2.0/mlflow/registered-models/alias', {
          body: { name, alias, version },
          ...withSignal(options.signal),
        }),
      );
    },

    async deleteAlias(name, alias, options = {}) {
      validateModelName(name);
      validateAlias(alias);
      await callRegistry('deleteAlias', name, () =>
        client.DELETE('/api/2.0/mlflow/registered-models/alias', {
          body: { name, alias },
          ...withSignal(options.signal),
        }),
      );
    },

    async getVersionByAlias(name, alias, options = {}) {
      validateModelName(name);
      validateAlias(alias);
      try {
        return await callRegistry('getVersionByAlias', name, async () => {
          const { data } = await client.GET('/api/2.0/mlflow/registered-models/alias', {
            params: { query: { name, alias } },
            ...withSignal(options.signal),
          });
          return toModelVersion(required(data?.model_version, 'model_version'));
        });
      } catch (error) {
        if (isAliasNotFound(error)) return undefined;
        throw error;
      }
    },
  };
}
