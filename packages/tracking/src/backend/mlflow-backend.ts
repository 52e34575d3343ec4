import createClient from 'openapi-fetch';
import type { paths } from '../generated';
import type { JournalDatasetInput } from '../journal/records';
import { localRunIdTag } from '../tracker/standard-tags';
import { MlflowApiError, type MlflowTransport } from '../transport';
import type { StoredMetric, TrackingBackend } from './tracking-backend';
import { decodeDouble, decodeInteger, toWireMetric } from './wire';

/** The typed openapi-fetch client of the MLflow REST spec, over a transport. */
export type MlflowClient = ReturnType<typeof createClient<paths>>;

/** Creates the typed client; every call goes through the transport's retries and auth. */
export function createMlflowClient(transport: MlflowTransport): MlflowClient {
  return createClient<paths>({ baseUrl: transport.baseUrl, fetch: transport.fetch });
}

function isAlreadyExists(error: unknown): boolean {
  return (
    MlflowApiError.isInstance(error) &&
    (error.errorCode === 'RESOURCE_ALREADY_EXISTS' || error.errorCode === 'ALREADY_EXISTS')
  );
}

function isMissing(error: unknown): boolean {
  return MlflowApiError.isInstance(error) && error.errorCode === 'RESOURCE_DOES_NOT_EXIST';
}

function quoteFilterString(value: string): string {
  return `'${value.replaceAll("'", "\\'")}'`;
}

/** The {@link TrackingBackend} of an MLflow server, over the typed REST client. */
export function createMlflowBackend(transport: MlflowTransport): TrackingBackend {
  const client = createMlflowClient(transport);
  const experimentIds = new Map<string, Promise<string>>();

  async function lookUpExperiment(name: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const { data } = await client.GET('/api/2.0/mlflow/experiments/get-by-name', {
        params: { query: { experiment_name: name } },
        ...(signal === undefined ? {} : { signal }),
      });
      const experiment = data?.experiment;
      return experiment?.lifecycle_stage === 'deleted' ? undefined : experiment?.experiment_id;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async function ensureExperiment(name: string, signal?: AbortSignal): Promise<string> {
    const existing = await lookUpExperiment(name, signal);
    if (existing !== undefined) return existing;
    try {
      const { data } = await client.POST('/api/2.0/mlflow/experiments/create', {
        body: { name },
        ...(signal === undefined ? {} : { signal }),
      });
      if (data?.experiment_id !== undefined) return data.experiment_id;
    } catch (error) {
      // Another client (or our own lost first attempt) created it meanwhile.
      if (!isAlreadyExists(error)) throw error;
    }
    const created = await lookUpExperiment(name, signal);
    if (created === undefined) {
      throw new MlflowApiError({
        status: 404,
        errorCode: 'RESOURCE_DOES_NOT_EXIST',
        method: 'GET',
        path: '/api/2.0/mlflow/experiments/get-by-name',
        message: `Experiment "${name}" was created but cannot be read back; check the server's logs.`,
        responseSnippet: '',
        isRetryable: true,
      });
    }
    return created;
  }

  return {
    ensureExperiment(name, signal) {
      let pending = experimentIds.get(name);
      if (pending === undefined) {
        pending = ensureExperiment(name, signal);
        experimentIds.set(name, pending);
        pending.catch(() => experimentIds.delete(name));
      }
      return pending;
    },

    async createRun(input, signal) {
      const { data } = await client.POST('/api/2.0/mlflow/runs/create', {
        body: {
          experiment_id: input.experimentId,
          ...(input.runName === undefined ? {} : { run_name: input.runName }),
          start_time: input.startTimeMs,
          tags: input.tags,
        },
        ...(signal === undefined ? {} : { signal }),
      });
      const info = data?.run?.info;
      if (info?.run_id === undefined) {
        throw new MlflowApiError({
          status: 500,
          errorCode: 'INTERNAL_ERROR',
          method: 'POST',
          path: '/api/2.0/mlflow/runs/create',
          message: 'The server answered runs/create without a run id.',
          responseSnippet: '',
          isRetryable: false,
        });
      }
      return { runId: info.run_id, artifactUri: info.artifact_uri ?? '' };
    },

    async findRunByLocalId(experimentId, localRunId, signal) {
      const { data } = await client.POST('/api/2.0/mlflow/runs/search', {
        body: {
          experiment_ids: [experimentId],
          filter: `tags.\`${localRunIdTag}\` = ${quoteFilterString(localRunId)}`,
          run_view_type: 'ALL',
          max_results: 1,
        },
        ...(signal === undefined ? {} : { signal }),
      });
      const info = data?.runs?.[0]?.info;
      return info?.run_id === undefined
        ? undefined
        : { runId: info.run_id, artifactUri: info.artifact_uri ?? '' };
    },

    async logBatch(runId, batch, signal) {
      await client.POST('/api/2.0/mlflow/runs/log-batch', {
        body: {
          run_id: runId,
          metrics: batch.metrics.map(toWireMetric),
          params: batch.params,
          tags: batch.tags,
        },
        ...(signal === undefined ? {} : { signal }),
      });
    },

    async getMetricHistory(runId, key, signal) {
      const points: StoredMetric[] = [];
      let pageToken: string | undefined;
      do {
        const { data } = await client.GET('/api/2.0/mlflow/metrics/get-history', {
          params: {
            query: {
              run_id: runId,
              metric_key: key,
              max_results: 25_000,
              ...(pageToken === undefined ? {} : { page_token: pageToken }),
            },
          },
          ...(signal === undefined ? {} : { signal }),
        });
        for (const metric of data?.metrics ?? []) {
          points.push({
            key: metric.key ?? key,
            value: decodeDouble(metric.value),
            timestampMs: decodeInteger(metric.timestamp),
            step: decodeInteger(metric.step),
          });
        }
        pageToken = data?.next_page_token || undefined;
      } while (pageToken !== undefined);
      return points;
    },

    async logInputs(runId, datasets: JournalDatasetInput[], signal) {
      await client.POST('/api/2.0/mlflow/runs/log-inputs', {
        body: {
          run_id: runId,
          datasets: datasets.map((dataset) => ({
            tags: dataset.tags,
            dataset: {
              name: dataset.name,
              digest: dataset.digest,
              source_type: dataset.sourceType,
              source: dataset.source,
              ...(dataset.schema === undefined ? {} : { schema: dataset.schema }),
              ...(dataset.profile === undefined ? {} : { profile: dataset.profile }),
            },
          })),
        },
        ...(signal === undefined ? {} : { signal }),
      });
    },

    async endRun(runId, status, endTimeMs, signal) {
      await client.POST('/api/2.0/mlflow/runs/update', {
        body: { run_id: runId, status, end_time: endTimeMs },
        ...(signal === undefined ? {} : { signal }),
      });
    },
  };
}
