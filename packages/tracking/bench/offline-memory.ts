/**
 * Child process of bench/run.ts: how much memory the tracker holds for points it cannot send.
 *
 * Usage (run.ts starts it): node --expose-gc --import tsx --conditions=@dagnostics/source
 * bench/offline-memory.ts TRACKING_URI LOCAL_DIR KEYS STEPS
 *
 * It starts a run while the server is up and prints `{"stage":"started"}`; run.ts then kills
 * the server, so its port is closed, and writes a line to stdin. The child measures its
 * memory (after a full GC), logs KEYS × STEPS points with `logMetrics` per step, yielding to
 * the event loop every 1000 steps as a training loop would, waits until the journal stops
 * growing (everything logged is journaled and queued for sending), measures again after a
 * full GC and prints `{"stage":"measured", ...}` with the numbers in bytes. It exits without
 * ending the run: the server never comes back.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep, setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createTracker } from '../src';

const [trackingUri, localDir, keysText, stepsText] = process.argv.slice(2);
if (trackingUri === undefined || localDir === undefined) {
  throw new Error('usage: offline-memory.ts TRACKING_URI LOCAL_DIR KEYS STEPS');
}
const keyCount = Number(keysText ?? 10);
const stepCount = Number(stepsText ?? 100_000);
const firstTimestampMs = 1_700_000_000_000;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('offline-memory.ts needs node --expose-gc');
  gc();
  gc();
}

async function journalBytes(): Promise<number> {
  const folder = join(localDir as string, 'journal');
  let total = 0;
  for (const name of await readdir(folder)) {
    if (name.endsWith('.jsonl')) total += (await stat(join(folder, name))).size;
  }
  return total;
}

/** Waits until the journal has not grown for `quietMs`. */
async function waitForJournalToSettle(quietMs: number): Promise<number> {
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const bytes = await journalBytes();
    if (bytes !== last) {
      last = bytes;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return bytes;
    }
    await sleep(100);
  }
}

function report(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const tracker = createTracker({ trackingUri, localDir, handleSignals: false });
const run = await tracker.startRun({ experimentName: `bench-offline-${process.pid}` });
const keys = Array.from(
  { length: keyCount },
  (_, index) => `metric_${String(index).padStart(3, '0')}`,
);
report({ stage: 'started', runId: run.id });
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
await lines.next();

collectGarbage();
const before = process.memoryUsage();
const journalBefore = await journalBytes();
const started = performance.now();
for (let step = 0; step < stepCount; step++) {
  const values: Record<string, number> = {};
  for (let index = 0; index < keyCount; index++) {
    values[keys[index] as string] = (index + 1) / (step + 1);
  }
  run.logMetrics(values, { step, timestamp: firstTimestampMs + step });
  if (step % 1000 === 999) await yieldToEventLoop();
}
const loggedMs = performance.now() - started;
const journalAfter = await waitForJournalToSettle(2_000);
const settledMs = performance.now() - started;
collectGarbage();
const after = process.memoryUsage();
report({
  stage: 'measured',
  points: keyCount * stepCount,
  loggedMs,
  settledMs,
  before,
  after,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  journalBytes: journalAfter - journalBefore,
});
process.exit(0);
