import { InvalidArgumentError } from '@dagnostics/core';

/** An opaque page token holding the offset of the next page (MLflow's own format). */
export function createPageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

/** The offset in a page token from `createPageToken()`; 0 for no token. */
export function pageTokenOffset(pageToken: string | undefined): number {
  if (pageToken === undefined || pageToken === '') return 0;
  let offset: unknown;
  try {
    offset = (JSON.parse(Buffer.from(pageToken, 'base64').toString('utf8')) as { offset?: unknown })
      .offset;
  } catch {
    offset = undefined;
  }
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new InvalidArgumentError({
      message: `Invalid page token ${JSON.stringify(pageToken)}: pass the nextPageToken of the previous searchRuns() page unchanged.`,
      argument: 'pageToken',
    });
  }
  return offset;
}
