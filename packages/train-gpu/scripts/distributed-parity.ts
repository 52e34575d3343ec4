/**
 * Measures what native-distributed.test.ts asserts: two ranks launched by
 * `launchDistributed()` (Gloo) against one process on the same global batches, for both test
 * cases; prints the largest weight and epoch-loss differences.
 *
 *   pnpm --filter @dagnostics/train-gpu exec tsx --conditions=@dagnostics/source scripts/distributed-parity.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchDistributed } from '../src/distributed/launch';
import type { ModelWeights } from '../src/model/types';
import { weightDifference } from '../src/model/weight-difference';
import { trainNative } from '../src/native/native-trainer';
import {
  type DistributedCase,
  distributedSettings,
  weightsFromJson,
} from '../test/integration/fixtures/native-distributed-settings';

const packageDir = resolve(import.meta.dirname, '..');
const rankScript = join(packageDir, 'test/integration/fixtures/native-distributed-rank.ts');

for (const name of ['mlp-adam', 'text-sgd'] as DistributedCase[]) {
  const folder = mkdtempSync(join(tmpdir(), 'train-gpu-parity-'));
  try {
    await launchDistributed({
      worldSize: 2,
      cwd: packageDir,
      output: 'ignore',
      args: ['--conditions=@dagnostics/source', '--import', 'tsx', rankScript, name, folder],
    });
    const ranks = [0, 1].map(
      (rank) =>
        JSON.parse(readFileSync(join(folder, `rank-${String(rank)}.json`), 'utf8')) as {
          weights: unknown;
          epochLosses: number[];
        },
    );
    const [first, second] = ranks.map((rank) => weightsFromJson(rank.weights)) as [
      ModelWeights,
      ModelWeights,
    ];
    const settings = distributedSettings(name);
    const single = await trainNative(settings);
    const lossDifference = Math.max(
      ...(ranks[0]?.epochLosses ?? []).map((loss, epoch) =>
        Math.abs(loss - (single.epochLosses[epoch] ?? Number.NaN)),
      ),
    );
    console.log(
      `${name}: rank 0 vs rank 1 ${weightDifference(first, second).toExponential(2)}; ` +
        `2 ranks vs 1 process ${weightDifference(first, single.weights).toExponential(2)} ` +
        `(weights moved up to ${weightDifference(single.weights, settings.weights).toFixed(3)}); ` +
        `epoch losses ${lossDifference.toExponential(2)}`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
