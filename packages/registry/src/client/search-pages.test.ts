import { describe, expect, it } from 'vitest';
import { searchPages } from './search-pages';

describe('searchPages', () => {
  it('follows page tokens and asks for no page after a break', async () => {
    const asked: (string | undefined)[] = [];
    const pages = new Map<
      string | undefined,
      { items: number[]; nextPageToken: string | undefined }
    >([
      [undefined, { items: [1, 2], nextPageToken: 't1' }],
      ['t1', { items: [3], nextPageToken: 't2' }],
      ['t2', { items: [4], nextPageToken: '' }],
    ]);
    const fetchPage = async (token: string | undefined) => {
      asked.push(token);
      const page = pages.get(token);
      if (page === undefined) throw new Error(`unknown token ${token}`);
      return page;
    };
    const all: number[] = [];
    for await (const item of searchPages(fetchPage)) all.push(item);
    expect(all).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([undefined, 't1', 't2']);

    asked.length = 0;
    for await (const item of searchPages(fetchPage)) if (item === 2) break;
    expect(asked).toEqual([undefined]);
  });

  it('stops with the signal reason once aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const seen: number[] = [];
    const search = searchPages(
      async () => ({ items: [1], nextPageToken: 'again' }),
      controller.signal,
    );
    await expect(
      (async () => {
        for await (const item of search) {
          seen.push(item);
          if (seen.length === 2) controller.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
    expect(seen).toEqual([1, 1]);
  });
});
