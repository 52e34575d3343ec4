import PQueue from 'p-queue';

/**
 * Runs `task` for every item, at most `concurrency` at a time. The first failure stops the
 * rest: tasks not started are skipped, those running see their signal abort, and that
 * first error is thrown once all have settled (the caller's own abort reason when the
 * caller aborted).
 */
export async function runBounded<T>(
  items: readonly T[],
  options: { concurrency: number; signal?: AbortSignal | undefined },
  task: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  options.signal?.throwIfAborted();
  const stop = new AbortController();
  const signal =
    options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
  const queue = new PQueue({ concurrency: options.concurrency });
  let failure: { error: unknown } | undefined;
  await Promise.all(
    items.map((item) =>
      queue.add(async () => {
        if (failure !== undefined) return;
        try {
          signal.throwIfAborted();
          await task(item, signal);
        } catch (error) {
          failure ??= { error };
          stop.abort(error);
        }
      }),
    ),
  );
  if (failure !== undefined) throw failure.error;
}
