/**
 * Smoke test of the native addon for scripts/gpu-check.sh (bundled into `.gpu/dist/native-smoke.mjs`
 * by scripts/gpu/prepare.sh, since the GPU machine has no pnpm or tsx): loads the addon
 * (TRAIN_GPU_NATIVE_ADDON), reports what `version()` says about libtorch and CUDA, trains a
 * small MLP with `trainMlpNative` and with `trainReference` on the same weights and batches,
 * and prints one JSON object whose `ok` is true when the two agree to 1e-4.
 *
 * The addon trains on CPU only so far, so `nativeCudaTraining` is `"not implemented"`; once
 * the addon grows a device option this is where the CUDA run and its comparison go.
 *
 * Locally: `pnpm --filter @dagnostics/train-gpu exec tsx --conditions=@dagnostics/source scripts/gpu/native-smoke.ts`
 */
import { createRng } from '@dagnostics/core';
import {
  type DenseMlpSpec,
  initWeights,
  loadNative,
  trainMlpNative,
  trainReference,
} from '../../src/index';

const tolerance = 1e-4;

async function main(): Promise<void> {
  const addon = loadNative();
  const version = addon.version();
  const spec: DenseMlpSpec = { kind: 'mlp', inputs: 8, hidden: [16], classes: 3 };
  const rows = 96;
  const rng = createRng(11);
  const features = Float32Array.from({ length: rows * spec.inputs }, () => rng.normal());
  const labels = Int32Array.from({ length: rows }, () => rng.int(0, spec.classes - 1));
  const orders = [rng.permutation(rows), rng.permutation(rows)];
  const order = (epoch: number): number[] => orders[epoch] as number[];
  const weights = initWeights(spec, 3);
  const common = {
    weights,
    features,
    labels,
    epochs: 2,
    batchSize: 16,
    order,
    optimizer: { kind: 'adam', learningRate: 0.01 } as const,
  };
  const native = await trainMlpNative({ ...common, addon });
  const reference = await trainReference({ ...common, seed: 1 });
  let maxWeightDifference = 0;
  native.weights.layers.forEach((layer, index) => {
    const other = reference.weights.layers[index];
    layer.weight.forEach((value, i) => {
      const difference = Math.abs(value - (other?.weight[i] ?? Number.NaN));
      maxWeightDifference = Math.max(maxWeightDifference, difference);
    });
  });
  const ok = maxWeightDifference <= tolerance;
  console.log(
    JSON.stringify({
      ok,
      version,
      nativeCpuVsReference: { maxWeightDifference, tolerance },
      epochLosses: { native: native.epochLosses, reference: reference.epochs.map((e) => e.loss) },
      nativeCudaTraining: 'not implemented (the addon trains on CPU only so far)',
    }),
  );
  if (!ok) process.exitCode = 1;
}

await main();
