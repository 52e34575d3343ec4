/**
 * Typed errors before native training: every malformed input is a `TrainingInputError`
 * raised before the addon is asked to train, and what only the addon can detect (a corrupt
 * checkpoint) rejects the promise; the Node process never crashes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import { CheckpointMismatchError, TrainingInputError } from '../../src/errors';
import type { DenseMlpSpec, TextClassifierSpec } from '../../src/model/types';
import { loadNative } from '../../src/native/load-native';
import type { NativeAddon } from '../../src/native/native-addon';
import { type TrainNativeOptions, trainNative } from '../../src/native/native-trainer';
import { initWeights } from '../../src/reference/init';
import { addonMissingReason, addonNeed } from './fixtures/native-addon';

const mlp: DenseMlpSpec = { kind: 'mlp', inputs: 2, hidden: [3], classes: 2 };
const text: TextClassifierSpec = {
  kind: 'text-classifier',
  vocabularySize: 5,
  embeddingDim: 2,
  hidden: [],
  classes: 2,
};

/** A stand-in addon without CUDA that fails the test if it is ever asked to train. */
function fakeAddon(): NativeAddon & { trained: number } {
  const addon = {
    trained: 0,
    version: () => ({
      torchVersion: '2.13.0',
      cxx11Abi: true,
      cudaAvailable: false,
      cudaDeviceCount: 0,
      distributed: { gloo: false, nccl: false },
      threads: 1,
    }),
    trainMlp: () => {
      addon.trained += 1;
      throw new Error('trainMlp must not be reached');
    },
  };
  return addon;
}

function valid(): TrainNativeOptions {
  return {
    weights: initWeights(mlp, 1),
    features: Float32Array.from([0, 1, 1, 0, 0.5, 0.5]),
    labels: Int32Array.from([0, 1, 1]),
    epochs: 1,
    batchSize: 2,
    optimizer: { kind: 'sgd', learningRate: 0.1 },
  };
}

describe('trainNative input errors (before any native work)', () => {
  it.each<[string, string, Partial<TrainNativeOptions>]>([
    ['labels of another length', 'labels', { labels: Int32Array.from([0, 1]) }],
    ['a label out of range', 'labels', { labels: Int32Array.from([0, 2, 1]) }],
    ['a negative label', 'labels', { labels: Int32Array.from([0, -1, 1]) }],
    ['features not a multiple of inputs', 'features', { features: new Float32Array(5) }],
    ['empty data', 'features', { features: new Float32Array(0), labels: new Int32Array(0) }],
    ['a NaN feature', 'features', { features: Float32Array.from([0, 1, Number.NaN, 0, 0, 0]) }],
    ['an infinite feature', 'features', { features: Float32Array.from([0, 1, 1, 0, Infinity, 0]) }],
    ['an unknown device', 'device', { device: 'tpu' as 'cpu' }],
    ["'cuda' without CUDA", 'device', { device: 'cuda' }],
    ['a zero batch size', 'batchSize', { batchSize: 0 }],
    [
      'a checkpoint every 0 epochs',
      'checkpoint.every',
      { checkpoint: { path: '/tmp/x', every: 0 } },
    ],
    ['a missing checkpoint to resume', 'resumeFrom', { resumeFrom: '/nonexistent/run.ckpt' }],
    [
      'text ids out of the vocabulary',
      'features.ids',
      {
        weights: initWeights(text, 1),
        features: { ids: Int32Array.from([0, 5]), offsets: Int32Array.from([0, 1, 2]) },
      },
    ],
    [
      'empty token bags data',
      'features',
      {
        weights: initWeights(text, 1),
        features: { ids: new Int32Array(0), offsets: new Int32Array(0) },
        labels: new Int32Array(0),
      },
    ],
    ['dense features for a text classifier', 'features', { weights: initWeights(text, 1) }],
    ['an unknown precision', 'precision', { precision: 'fp16' as 'bf16' }],
    ['an unknown schedule', 'schedule.kind', { schedule: { kind: 'linear' } as never }],
    [
      'a rank outside the world',
      'distributed.rank',
      { distributed: { rank: 2, worldSize: 2, store: { kind: 'file', path: '/tmp/s' } } },
    ],
    [
      'a world of no process',
      'distributed.worldSize',
      { distributed: { rank: 0, worldSize: 0, store: { kind: 'file', path: '/tmp/s' } } },
    ],
    [
      'a TCP store without a port',
      'distributed.store.port',
      { distributed: { rank: 0, worldSize: 2, store: { kind: 'tcp', host: 'h', port: 0 } } },
    ],
    [
      'NCCL on the CPU',
      'distributed.backend',
      {
        distributed: {
          rank: 0,
          worldSize: 2,
          backend: 'nccl',
          store: { kind: 'file', path: '/tmp/s' },
        },
      },
    ],
    [
      'Gloo from an addon built without it',
      'distributed.backend',
      { distributed: { rank: 0, worldSize: 2, store: { kind: 'file', path: '/tmp/s' } } },
    ],
  ])('%s is a TrainingInputError on `%s`', async (_, argument, change) => {
    const addon = fakeAddon();
    const training = trainNative({ ...valid(), addon, ...change });
    await expect(training).rejects.toBeInstanceOf(TrainingInputError);
    await expect(training).rejects.toMatchObject({ code: 'TRAINING_INPUT', argument });
    expect(addon.trained).toBe(0);
  });

  it('reaches the addon when everything is valid (the fake above is really the gate)', async () => {
    const addon = fakeAddon();
    await expect(trainNative({ ...valid(), addon })).rejects.toThrow('must not be reached');
    expect(addon.trained).toBe(1);
  });
});

describeWithPrerequisite(
  'trainNative errors with the real addon',
  addonNeed,
  addonMissingReason,
  () => {
    const folder = mkdtempSync(join(tmpdir(), 'train-gpu-errors-'));
    afterAll(() => {
      rmSync(folder, { recursive: true, force: true });
    });

    it("refuses 'cuda' exactly when libtorch sees no CUDA device", async () => {
      const training = trainNative({ ...valid(), device: 'cuda' });
      if (loadNative().version().cudaAvailable) {
        await expect(training).resolves.toMatchObject({ epochLosses: [expect.any(Number)] });
      } else {
        await expect(training).rejects.toMatchObject({
          code: 'TRAINING_INPUT',
          argument: 'device',
        });
      }
    });

    it('rejects a corrupt checkpoint or one of another model, and keeps working', async () => {
      const corrupt = join(folder, 'corrupt.ckpt');
      writeFileSync(corrupt, 'not a checkpoint');
      const refused = await trainNative({ ...valid(), resumeFrom: corrupt }).catch((e) => e);
      expect(refused).toBeInstanceOf(CheckpointMismatchError);
      expect(refused).toMatchObject({
        path: corrupt,
        message: expect.stringMatching(/is not a train-gpu checkpoint/),
      });
      const other = join(folder, 'other.ckpt');
      await trainNative({
        ...valid(),
        weights: initWeights({ ...mlp, hidden: [] }, 1),
        checkpoint: { path: other, every: 1 },
      });
      await expect(trainNative({ ...valid(), resumeFrom: other })).rejects.toThrow(
        CheckpointMismatchError,
      );
      const after = await trainNative(valid());
      expect(after.epochLosses).toHaveLength(1);
    });

    it('refuses a checkpoint of other data or settings, and resumes one of its own run', async () => {
      const path = join(folder, 'own.ckpt');
      const first = await trainNative({ ...valid(), checkpoint: { path, every: 1 } });
      const labels = Int32Array.from(valid().labels);
      labels[0] = ((labels[0] as number) + 1) % mlp.classes;
      for (const changed of [
        { labels },
        { batchSize: valid().batchSize + 1 },
        { optimizer: { kind: 'sgd' as const, learningRate: 0.5 } },
        { order: () => [2, 0, 1] },
        { precision: 'bf16' as const },
      ]) {
        await expect(trainNative({ ...valid(), ...changed, resumeFrom: path })).rejects.toThrow(
          /was written for other data or settings/,
        );
      }
      // The same run with more epochs continues after the checkpoint's epoch.
      const resumed = await trainNative({ ...valid(), epochs: 2, resumeFrom: path });
      expect(resumed.epochLosses).toHaveLength(2);
      expect(resumed.epochLosses[0]).toBe(first.epochLosses[0]);
    });
  },
);
