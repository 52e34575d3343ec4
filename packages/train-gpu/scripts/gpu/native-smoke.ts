/**
 * Smoke test of the native addon for scripts/gpu-check.sh (bundled into `.gpu/dist/native-smoke.mjs`
 * by scripts/gpu/prepare.sh, since the GPU machine has no pnpm or tsx): loads the addon
 * (TRAIN_GPU_NATIVE_ADDON), reports what `version()` says about libtorch and CUDA, trains a
 * small MLP with `trainMlpNative` and with `trainReference` on the same weights and batches,
 * and, where the addon sees CUDA, on `cuda` in float32 (compared with the CPU run) and in
 * bfloat16 autocast (losses compared with float32's), plus a text classifier on CUDA; prints
 * one JSON object whose `ok` is true when every comparison holds.
 *
 * Locally: `pnpm --filter @dagnostics/train-gpu exec tsx --conditions=@dagnostics/source scripts/gpu/native-smoke.ts`
 */
import { createRng } from '@dagnostics/core';
import {
  type DenseMlpSpec,
  initWeights,
  loadNative,
  type TextClassifierSpec,
  trainMlpNative,
  trainNative,
  trainReference,
  weightDifference,
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
  const maxWeightDifference = weightDifference(native.weights, reference.weights);
  let cuda: Record<string, unknown> = { ran: false, reason: 'the addon sees no CUDA device' };
  let cudaOk = true;
  if (version.cudaAvailable) {
    const started = performance.now();
    const onCuda = await trainMlpNative({ ...common, addon, device: 'cuda' });
    const fp32Seconds = (performance.now() - started) / 1000;
    const bf16 = await trainMlpNative({ ...common, addon, device: 'cuda', precision: 'bf16' });
    const cudaVsCpu = weightDifference(onCuda.weights, native.weights);
    const bf16LossDifference = Math.max(
      ...bf16.epochLosses.map((loss, epoch) => Math.abs(loss - (onCuda.epochLosses[epoch] ?? 0))),
    );
    const textSpec: TextClassifierSpec = {
      kind: 'text-classifier',
      vocabularySize: 512,
      embeddingDim: 16,
      hidden: [32],
      classes: 3,
    };
    const ids = Int32Array.from({ length: rows * 4 }, () =>
      rng.int(0, textSpec.vocabularySize - 1),
    );
    const offsets = Int32Array.from({ length: rows }, (_, row) => row * 4);
    const textCommon = {
      weights: initWeights(textSpec, 5),
      features: { ids, offsets },
      labels,
      epochs: 2,
      batchSize: 16,
      order,
      optimizer: { kind: 'adam', learningRate: 0.01 } as const,
      addon,
    };
    const textCpu = await trainNative(textCommon);
    const textCuda = await trainNative({ ...textCommon, device: 'cuda' });
    const textCudaVsCpu = weightDifference(textCuda.weights, textCpu.weights);
    cudaOk = cudaVsCpu <= tolerance && textCudaVsCpu <= tolerance && bf16LossDifference <= 0.05;
    cuda = {
      ran: true,
      mlpCudaVsCpu: { maxWeightDifference: cudaVsCpu, tolerance },
      textCudaVsCpu: { maxWeightDifference: textCudaVsCpu, tolerance },
      bf16VsFp32: { maxEpochLossDifference: bf16LossDifference, tolerance: 0.05 },
      fp32Seconds,
      epochLosses: { fp32: onCuda.epochLosses, bf16: bf16.epochLosses },
    };
  }
  const ok = maxWeightDifference <= tolerance && cudaOk;
  console.log(
    JSON.stringify({
      ok,
      version,
      nativeCpuVsReference: { maxWeightDifference, tolerance },
      epochLosses: { native: native.epochLosses, reference: reference.epochs.map((e) => e.loss) },
      cuda,
    }),
  );
  if (!ok) process.exitCode = 1;
}

await main();
