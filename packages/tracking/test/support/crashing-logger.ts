/**
 * A child process for the sync tests, which SIGKILL it midway: a crash, not a clean exit.
 *
 *   node --import tsx --conditions=@dagnostics/source \
 *     packages/tracking/test/support/crashing-logger.ts <mode> '<json>'
 *
 * - `log` `{ localDir, trackingUri?, insecureTls?, experimentName, points }`: starts a run (with a
 *   server when `trackingUri` is given, else the local store), logs `points` points of `loss`
 *   (step i, timestamp 1 700 000 000 000 + i, value i / 7), journals them and prints
 *   `{"event":"journaled","localRunId":…,"runId":…}`; then keeps sending until it is killed.
 * - `sync` `{ localDir, trackingUri, insecureTls?, announceAfterAcks }`: runs `syncOfflineRuns` and
 *   prints `{"event":"acknowledged","count":n}` once `announceAfterAcks` operations are
 *   confirmed; then goes on syncing until it is killed (or prints `{"event":"done"}`).
 */

import { syncOfflineRuns } from '../../src/sync';
import { createTracker } from '../../src/tracker/create-tracker';

interface LogArguments {
  localDir: string;
  trackingUri?: string;
  insecureTls?: boolean;
  experimentName: string;
  points: number;
}

interface SyncArguments {
  localDir: string;
  trackingUri: string;
  insecureTls?: boolean;
  announceAfterAcks: number;
}

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function log(options: LogArguments): Promise<void> {
  const tracker = createTracker({
    localDir: options.localDir,
    ...(options.trackingUri === undefined ? {} : { trackingUri: options.trackingUri }),
    insecureTls: options.insecureTls ?? false,
    handleSignals: false,
    backoffFactorMs: 50,
    backoffJitterMs: 10,
  });
  const run = await tracker.startRun({ experimentName: options.experimentName, runName: 'crash' });
  run.logParams({ points: options.points });
  for (let step = 0; step < options.points; step++) {
    run.logMetric('loss', step / 7, { step, timestamp: 1_700_000_000_000 + step });
  }
  await run.seal();
  print({ event: 'journaled', localRunId: run.localId, runId: run.id });
  // Keep the process, its tracker and its open journal alive until the test kills it.
  setInterval(() => tracker.trackingUri, 60_000);
}

async function sync(options: SyncArguments): Promise<void> {
  let acknowledged = 0;
  await syncOfflineRuns(
    {
      localDir: options.localDir,
      trackingUri: options.trackingUri,
      insecureTls: options.insecureTls ?? false,
    },
    {
      onProgress: (event) => {
        if (event.type !== 'operation-acknowledged') return;
        acknowledged += 1;
        if (acknowledged === options.announceAfterAcks) {
          print({ event: 'acknowledged', count: acknowledged });
        }
      },
    },
  );
  print({ event: 'done' });
}

const [mode, json] = process.argv.slice(2);
const parsed = JSON.parse(json ?? '{}');
if (mode === 'log') await log(parsed as LogArguments);
else if (mode === 'sync') await sync(parsed as SyncArguments);
else throw new Error(`crashing-logger: unknown mode ${String(mode)}; use log or sync`);
