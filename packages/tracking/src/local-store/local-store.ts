import { defineSettings, InvalidArgumentError } from '@dagnostics/core';
import { z } from 'zod';
import { compileFilter } from '../search/evaluate-filter';
import type { FilterExpression } from '../search/filter-types';
import { type OrderByClause, parseOrderBy } from '../search/order-by';
import { parseFilter } from '../search/parse-filter';
import { JournalCache } from './journal-cache';
import { createPageToken, pageTokenOffset } from './page-token';
import type { RunIndex, RunState } from './run-index';
import { sortRuns } from './sort-runs';
import type {
  LocalExperiment,
  LocalMetric,
  LocalRun,
  RunSyncState,
  SearchRunsOptions,
  SearchRunsResult,
} from './types';

/** Settings of `createLocalStore()`. */
export interface LocalStoreOptions {
  /** The folder given to the tracker; journals are read from `<directory>/journal/`. */
  directory: string;
}

/**
 * Runs read back from the local journals of every session, for when there is no tracking server
 * (or before the journal is synced to one). Answers reflect the files at the time of the call.
 */
export interface LocalStore {
  /** The experiments that runs were started in, sorted by name. */
  listExperiments(): Promise<LocalExperiment[]>;
  /**
   * A run by its local id. Throws `InvalidArgumentError` (code `RESOURCE_DOES_NOT_EXIST`) for an
   * unknown id, as MLflow's get-run does.
   */
  getRun(localRunId: string): Promise<LocalRun>;
  /** Every point of a metric, as MLflow returns a history (ordered by timestamp, step, value). */
  getMetricHistory(localRunId: string, key: string): Promise<LocalMetric[]>;
  /** One page of the runs matching `options`, sorted; see `SearchRunsOptions`. */
  searchRuns(options?: SearchRunsOptions): Promise<SearchRunsResult>;
  /** Every matching run, page after page. */
  iterateRuns(options?: Omit<SearchRunsOptions, 'pageToken'>): AsyncGenerator<LocalRun>;
  /** Which of the run's journaled operations the server acknowledged. */
  syncState(localRunId: string): Promise<RunSyncState>;
}

/** MLflow's `SEARCH_MAX_RESULTS_DEFAULT` and `SEARCH_MAX_RESULTS_THRESHOLD`. */
const defaultMaxResults = 1000;
const maxResultsLimit = 50_000;

const localStoreSettings = defineSettings({
  owner: 'createLocalStore',
  schema: () => z.object({ directory: z.string().min(1) }),
});

/**
 * Opens the local store over `<directory>/journal/*.jsonl`. Nothing is read until the first
 * call; later calls re-read only the journal files whose size or modification time changed.
 *
 * @example
 * ```ts
 * const store = createLocalStore({ directory: '/data/dagnostics' });
 * const { runs } = await store.searchRuns({
 *   filter: where.metric('accuracy').gt(0.9),
 *   orderBy: [orderBy.metric('loss', 'ASC')],
 * });
 * ```
 */
export function createLocalStore(options: LocalStoreOptions): LocalStore {
  const settings = localStoreSettings.resolve(options);
  const cache = new JournalCache(settings.directory);

  async function runState(localRunId: string): Promise<RunState> {
    const run = (await cache.index()).run(localRunId);
    if (run !== undefined) return run;
    throw new InvalidArgumentError({
      message: `No run ${JSON.stringify(localRunId)} in the journals of ${settings.directory}. Pass a local run id (LocalRun.info.runId); searchRuns() lists them.`,
      argument: 'localRunId',
      code: 'RESOURCE_DOES_NOT_EXIST',
    });
  }

  async function searchRuns(search: SearchRunsOptions = {}): Promise<SearchRunsResult> {
    const maxResults = search.maxResults ?? defaultMaxResults;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > maxResultsLimit) {
      throw new InvalidArgumentError({
        message: `maxResults must be an integer from 1 to ${maxResultsLimit} (MLflow's limit); got ${String(maxResults)}.`,
        argument: 'maxResults',
      });
    }
    const offset = pageTokenOffset(search.pageToken);
    const matches = compileFilter(toFilterExpression(search.filter));
    const clauses = parseOrderByList(search.orderBy ?? []);
    const experiments =
      search.experimentNames === undefined ? undefined : new Set(search.experimentNames);
    const index: RunIndex = await cache.index();
    const runs: LocalRun[] = [];
    for (const state of index.runs()) {
      if (experiments !== undefined && !experiments.has(state.experimentName)) continue;
      const run = state.toRun();
      if (matches(run)) runs.push(run);
    }
    sortRuns(runs, clauses);
    const end = offset + maxResults;
    return {
      runs: runs.slice(offset, end),
      nextPageToken: end < runs.length ? createPageToken(end) : undefined,
    };
  }

  return {
    async listExperiments() {
      return (await cache.index()).experiments();
    },
    async getRun(localRunId) {
      return (await runState(localRunId)).toRun();
    },
    async getMetricHistory(localRunId, key) {
      return (await runState(localRunId)).history(key);
    },
    searchRuns,
    async *iterateRuns(search = {}) {
      let pageToken: string | undefined;
      do {
        const page = await searchRuns({
          ...search,
          ...(pageToken === undefined ? {} : { pageToken }),
        });
        yield* page.runs;
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
    },
    async syncState(localRunId) {
      return (await runState(localRunId)).syncState();
    },
  };
}

function toFilterExpression(filter: string | FilterExpression | undefined): FilterExpression {
  if (filter === undefined) return { comparisons: [] };
  return typeof filter === 'string' ? parseFilter(filter) : filter;
}

function parseOrderByList(orderBy: readonly string[]): OrderByClause[] {
  const clauses = orderBy.map(parseOrderBy);
  const seen = new Set<string>();
  for (const clause of clauses) {
    const identity = `${clause.entity}\u0000${clause.key}`;
    if (seen.has(identity)) {
      throw new InvalidArgumentError({
        message: `orderBy names ${clause.entity} ${JSON.stringify(clause.key)} twice; MLflow rejects duplicate fields.`,
        argument: 'orderBy',
      });
    }
    seen.add(identity);
  }
  return clauses;
}
