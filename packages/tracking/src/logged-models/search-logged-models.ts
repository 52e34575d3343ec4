import { InvalidArgumentError } from '@dagnostics/core';
import type { MlflowClient } from '../backend/mlflow-backend';
import { withSignal } from './key-values';
import { type LoggedModel, toLoggedModel } from './logged-model';

/** One sort key of {@link searchLoggedModels}. */
export interface LoggedModelOrderBy {
  /** `creation_timestamp`, `last_updated_timestamp`, `name`, `model_id`, or `metrics.<key>`. */
  fieldName: string;
  /** Default true. */
  ascending?: boolean;
  /** For a metric: only its values on this dataset count. */
  datasetName?: string;
  /** For a metric: only its values on this dataset digest count (needs `datasetName`). */
  datasetDigest?: string;
}

/** Options of {@link searchLoggedModels}. */
export interface SearchLoggedModelsOptions {
  /** Experiments to search; at least one. */
  experimentIds: readonly string[];
  /**
   * MLflow's logged-model filter, clauses joined with AND, e.g.
   * `name = 'classifier' AND params.optimizer = 'adam' AND metrics.accuracy > 0.9`
   * (params and tags compare with `=`, `!=`, `LIKE`, `ILIKE`). MLflow 3.17 compares
   * `status` with its stored number, so `status = 'READY'` finds nothing. Default: every model.
   */
  filter?: string;
  /** Restricts metric clauses and metric ordering to these datasets. */
  datasets?: readonly { datasetName: string; datasetDigest?: string }[];
  /** Sort keys, most significant first. Default: newest first, as the server sorts. */
  orderBy?: readonly LoggedModelOrderBy[];
  /** Models per request, 1 to 100 (MLflow 3.17's limit). Default the server's (100). */
  pageSize?: number;
  /** Cancels the search between and during requests. */
  signal?: AbortSignal;
}

/**
 * Every logged model that matches, page after page (`logged-models/search` with its page
 * token), as an async iterator: stop early with `break` and no further page is fetched.
 * Deleted models are not found.
 *
 * @throws {InvalidArgumentError} for no experiment or a bad page size.
 * @throws {MlflowApiError} 400 INVALID_PARAMETER_VALUE for a filter MLflow cannot parse.
 *
 * @example
 * ```ts
 * for await (const model of searchLoggedModels(client, {
 *   experimentIds: ['1'],
 *   filter: 'metrics.accuracy > 0.9',
 *   orderBy: [{ fieldName: 'metrics.accuracy', ascending: false }],
 * })) {
 *   console.log(model.name, model.modelId);
 * }
 * ```
 */
export async function* searchLoggedModels(
  client: MlflowClient,
  options: SearchLoggedModelsOptions,
): AsyncGenerator<LoggedModel, void, undefined> {
  if (!Array.isArray(options.experimentIds) || options.experimentIds.length === 0) {
    throw new InvalidArgumentError({
      message: 'searchLoggedModels needs { experimentIds } with at least one experiment id.',
      argument: 'experimentIds',
    });
  }
  const { pageSize } = options;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)) {
    throw new InvalidArgumentError({
      message: `pageSize must be a whole number from 1 to 100; got ${String(pageSize)}.`,
      argument: 'pageSize',
    });
  }
  let pageToken: string | undefined;
  do {
    const { data } = await client.POST('/api/2.0/mlflow/logged-models/search', {
      body: {
        experiment_ids: [...options.experimentIds],
        ...(options.filter === undefined || options.filter === ''
          ? {}
          : { filter: options.filter }),
        ...(options.datasets === undefined
          ? {}
          : {
              datasets: options.datasets.map((dataset) => ({
                dataset_name: dataset.datasetName,
                ...(dataset.datasetDigest === undefined
                  ? {}
                  : { dataset_digest: dataset.datasetDigest }),
              })),
            }),
        ...(options.orderBy === undefined
          ? {}
          : {
              order_by: options.orderBy.map((order) => ({
                field_name: order.fieldName,
                ascending: order.ascending ?? true,
                ...(order.datasetName === undefined ? {} : { dataset_name: order.datasetName }),
                ...(order.datasetDigest === undefined
                  ? {}
                  : { dataset_digest: order.datasetDigest }),
              })),
            }),
        ...(pageSize === undefined ? {} : { max_results: pageSize }),
        ...(pageToken === undefined ? {} : { page_token: pageToken }),
      },
      ...withSignal(options.signal),
    });
    for (const model of data?.models ?? []) yield toLoggedModel(model);
    pageToken = data?.next_page_token || undefined;
  } while (pageToken !== undefined);
}
