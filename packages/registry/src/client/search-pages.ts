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
