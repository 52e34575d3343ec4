interface Sleeper {
  wakeAt: number;
  order: number;
  resolve: () => void;
}

/**
 * A virtual clock for the deploy tests: `sleep` resolves in wake-time order once the
 * pending microtasks have run, moving `now` to the wake time, so minutes of pauses and
 * intervals run in microseconds and concurrent sleepers interleave as with real timers.
 */
export function createVirtualClock(start = 1_000_000): {
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
} {
  let time = start;
  let order = 0;
  let scheduled = false;
  const sleepers: Sleeper[] = [];
  const tick = () => {
    scheduled = false;
    sleepers.sort((a, b) => a.wakeAt - b.wakeAt || a.order - b.order);
    const next = sleepers.shift();
    if (next === undefined) return;
    time = Math.max(time, next.wakeAt);
    next.resolve();
    schedule();
  };
  const schedule = () => {
    if (scheduled || sleepers.length === 0) return;
    scheduled = true;
    setImmediate(tick);
  };
  return {
    now: () => time,
    sleep(ms, signal) {
      signal.throwIfAborted();
      return new Promise<void>((resolve, reject) => {
        const sleeper: Sleeper = {
          wakeAt: time + ms,
          order: order++,
          resolve: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
        schedule();
      });
    },
  };
}
