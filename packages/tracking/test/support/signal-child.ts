// A process that opens a run and then waits to be told off: by a signal (SIGTERM/SIGINT)
// or by an uncaught exception. Used by test/integration/signals.test.ts.
import { createTracker } from '../../src';

const [trackingUri, experimentName, mode] = process.argv.slice(2);
const tracker = createTracker({
  trackingUri: trackingUri as string,
  localDir: process.env.DAGNOSTICS_TEST_LOCAL_DIR as string,
});
const run = await tracker.startRun({ experimentName: experimentName as string });
for (let step = 0; step < 50; step++) run.logMetric('loss', 1 / (step + 1), { step });
process.stdout.write(`${JSON.stringify({ runId: run.id })}\n`);
if (mode === 'throw') {
  setTimeout(() => {
    throw new Error('the training loop crashed');
  }, 50);
}
setInterval(() => undefined, 1000);
