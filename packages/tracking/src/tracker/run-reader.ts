import { InvalidArgumentError } from '@dagnostics/core';
import type { MlflowClient } from '../backend/mlflow-backend';
import type { TrackingBackend } from '../backend/tracking-backend';
import type { LocalStore } from '../local-store';
import type { FilterExpression } from '../search';
import { formatFilter } from '../search';
import { MlflowApiError } from '../transport';
import {
  type MetricPoint,
  type RunRecord,
  runRecordFromLocal,
  runRecordFromWire,
} from './run-record';

/** Options of `tracker.searchRuns()`. */
export interface TrackerSearchRunsOptions {
  /** Experiments to search, by name. */
  experimentNames?: readonly string[];
  /** Experiments to search, by server id (ignored by the local store). */
  experimentIds?: readonly string[];
  /** MLflow filter text, or an expression from `where`. */
  filter?: string | FilterExpression;
  /** MLflow order-by clauses, e.g. `orderBy.metric('loss')` or `'metrics.loss ASC'`. */
  orderBy?: readonly string[];
  /** Runs per request. Default 1000 (MLflow's default; at most 50000). */
  pageSize?: number;
  /** Active runs (default), deleted ones, or all. Server only. */
  viewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  /** Stops the iteration between pages and in flight. */
  signal?: AbortSignal;
}

/** Reads runs back, from the server or from the local store. */
export interface RunReader {
  getRun(runId: string, signal?: AbortSignal): Promise<RunRecord>;
  getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]>;
  searchRuns(options: TrackerSearchRunsOptions): AsyncGenerator<RunRecord>;
}

function filterText(filter: string | FilterExpression | undefined): string | undefined {
  if (filter === undefined) return undefined;
  return typeof filter === 'string' ? filter : formatFilter(filter);
}

/** Reads from an MLflow server. */
export function createServerRunReader(client: MlflowClient, backend: TrackingBackend): RunReader {
  async function experimentIdsOf(options: TrackerSearchRunsOptions): Promise<string[]> {
    const ids = [...(options.experimentIds ?? [])];
    for (const name of options.experimentNames ?? []) {
      try {
        const { data } = await client.GET('/api/2.0/mlflow/experiments/get-by-name', {
          params: { query: { experiment_name: name } },
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        if (data?.experiment?.experiment_id !== undefined) ids.push(data.experiment.experiment_id);
      } catch (error) {
        // An experiment that does not exist has no runs.
        if (!(MlflowApiError.isInstance(error) && error.errorCode === 'RESOURCE_DOES_NOT_EXIST')) {
          throw error;
        }
      }
    }
    return ids;
  }

  return {
    async getRun(runId, signal) {
      const { data } = await client.GET('/api/2.0/mlflow/runs/get', {
        params: { query: { run_id: runId } },
        ...(signal === undefined ? {} : { signal }),
      });
      return runRecordFromWire(data?.run ?? {});
    },
    getMetricHistory: (runId, key, signal) => backend.getMetricHistory(runId, key, signal),
    async *searchRuns(options) {
      const experimentIds = await experimentIdsOf(options);
      if (experimentIds.length === 0) return;
      const filter = filterText(options.filter);
      let pageToken: string | undefined;
      do {
        const { data } = await client.POST('/api/2.0/mlflow/runs/search', {
          body: {
            experiment_ids: experimentIds,
            ...(filter === undefined ? {} : { filter }),
            ...(options.orderBy === undefined ? {} : { order_by: [...options.orderBy] }),
            max_results: options.pageSize ?? 1000,
            run_view_type: options.viewType ?? 'ACTIVE_ONLY',
            ...(pageToken === undefined ? {} : { page_token: pageToken }),
          },
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        for (const run of data?.runs ?? []) yield runRecordFromWire(run);
        pageToken = data?.next_page_token || undefined;
      } while (pageToken !== undefined);
    },
  };
}

/** Reads from the local store (runs not synced to a server). */
export function createLocalRunReader(store: LocalStore): RunReader {
  return {
    async getRun(runId) {
      return runRecordFromLocal(await store.getRun(runId));
    },
    getMetricHistory: (runId, key) => store.getMetricHistory(runId, key),
    async *searchRuns(options) {
      if (options.experimentIds !== undefined && options.experimentIds.length > 0) {
        throw new InvalidArgumentError({
          message:
            'The local store knows experiments by name only: pass experimentNames instead of experimentIds.',
          argument: 'experimentIds',
        });
      }
      for await (const run of store.iterateRuns({
        ...(options.experimentNames === undefined
          ? {}
          : { experimentNames: options.experimentNames }),
        ...(options.filter === undefined ? {} : { filter: options.filter }),
        ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
        ...(options.pageSize === undefined ? {} : { maxResults: options.pageSize }),
      })) {
        options.signal?.throwIfAborted();
        yield runRecordFromLocal(run);
      }
    },
  };
}
