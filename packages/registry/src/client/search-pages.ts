import type { SearchOptions } from './types';

/** One page of a search: its items and the token of the next page, if any. */
export interface SearchPage<T> {
  readonly items: readonly T[];
  readonly nextPageToken: string | undefined;
}

/**
 * Yields the items of every page, asking for the next page only when the consumer reaches
 * it (a `break` stops the requests). Stops on a missing or empty token.
 */
export async function* searchPages<T>(
  fetchPage: (pageToken: string | undefined) => Promise<SearchPage<T>>,
  signal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  let pageToken: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await fetchPage(pageToken);
    yield* page.items;
    pageToken = page.nextPageToken === '' ? undefined : page.nextPageToken;
  } while (pageToken !== undefined);
}

/** The query string of MLflow's registry searches for `options` and one page token. */
export function searchQuery(
  options: SearchOptions,
  pageToken: string | undefined,
): { filter?: string; max_results?: number; order_by?: string[]; page_token?: string } {
  return {
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.pageSize === undefined ? {} : { max_results: options.pageSize }),
    ...(options.orderBy === undefined ? {} : { order_by: [...options.orderBy] }),
    ...(pageToken === undefined ? {} : { page_token: pageToken }),
  };
}
