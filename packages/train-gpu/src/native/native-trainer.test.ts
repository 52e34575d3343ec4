import { describe, expect, it } from 'vitest';
import { TrainingInputError } from '../errors';
import type { ModelWeights } from '../model/types';
import type { NativeAddon, NativeMlpJob } from './native-addon';
import { trainMlpNative } from './native-trainer';

const weights: ModelWeights = {
  spec: { kind: 'mlp', inputs: 2, hidden: [], classes: 2 },
  layers: [
    {
      inFeatures: 2,
      outFeatures: 2,
      weight: new Float32Array([0.1, 0.2, 0.3, 0.4]),
      bias: new Float32Array([0, 0]),
    },
  ],
};
const features = new Float32Array([1, 2, 3, 4, 5, 6]);
const labels = new Int32Array([0, 1, 1]);

/** An addon double that records the job and echoes the weights back. */
function recordingAddon(jobs: NativeMlpJob[]): NativeAddon {
  return {
    version: () => ({
      torchVersion: '0.0.0',
      cxx11Abi: true,
      cudaAvailable: false,
      cudaDeviceCount: 0,
      distributed: { gloo: false, nccl: false },
      threads: 1,
    }),
    trainMlp: (job) => {
      jobs.push(job);
      return {
        promise: Promise.resolve({
          layers: [...job.layers],
          epochLosses: new Float64Array([0.5, 0.25]),
        }),
        cancel: () => {},
      };
    },
  };
}

describe('trainMlpNative', () => {
  it('passes the batch order of every epoch and the Adam defaults to the addon', async () => {
    const jobs: NativeMlpJob[] = [];
    const result = await trainMlpNative({
      weights,
      features,
      labels,
      epochs: 2,
      batchSize: 2,
      optimizer: { kind: 'adam', learningRate: 0.01 },
      order: (epoch) => (epoch === 0 ? [2, 0, 1] : [1, 2, 0]),
      addon: recordingAddon(jobs),
    });
    const job = jobs[0] as NativeMlpJob;
    expect(Array.from(job.order)).toEqual([2, 0, 1, 1, 2, 0]);
    expect(job.threads).toBe(1);
    expect(job.optimizer).toEqual({
      kind: 'adam',
      learningRate: 0.01,
      momentum: 0,
      weightDecay: 0,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
    expect(result.epochLosses).toEqual([0.5, 0.25]);
    expect(result.weights.spec).toBe(weights.spec);
  });

  it('defaults to rows in order and maps SGD momentum', async () => {
    const jobs: NativeMlpJob[] = [];
    await trainMlpNative({
      weights,
      features,
      labels,
      epochs: 1,
      batchSize: 3,
      optimizer: { kind: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 },
      addon: recordingAddon(jobs),
    });
    expect(Array.from(jobs[0]?.order ?? [])).toEqual([0, 1, 2]);
    expect(jobs[0]?.optimizer).toMatchObject({ kind: 'sgd', momentum: 0.9, weightDecay: 0.01 });
  });

  it.each([
    ['order', { order: () => [0, 0, 1] }],
    ['labels', { labels: new Int32Array([0, 2, 1]) }],
    ['features', { features: new Float32Array([1, 2, 3]) }],
    ['epochs', { epochs: 0 }],
    ['threads', { threads: 1.5 }],
  ])('rejects a bad %s with TrainingInputError before calling the addon', async (argument, bad) => {
    const jobs: NativeMlpJob[] = [];
    const error = await trainMlpNative({
      weights,
      features,
      labels,
      epochs: 1,
      batchSize: 2,
      optimizer: { kind: 'sgd', learningRate: 0.1 },
      addon: recordingAddon(jobs),
      ...bad,
    }).catch((caught: unknown) => caught);
    expect(TrainingInputError.isInstance(error)).toBe(true);
    expect((error as TrainingInputError).argument).toBe(argument);
    expect(jobs).toHaveLength(0);
  });

  it('refuses a text classifier', async () => {
    const error = await trainMlpNative({
      weights: {
        spec: {
          kind: 'text-classifier',
          vocabularySize: 2,
          embeddingDim: 2,
          hidden: [],
          classes: 2,
        },
        embedding: new Float32Array(4),
        layers: weights.layers,
      },
      features,
      labels,
      epochs: 1,
      batchSize: 2,
      optimizer: { kind: 'sgd', learningRate: 0.1 },
      addon: recordingAddon([]),
    }).catch((caught: unknown) => caught);
    expect((error as TrainingInputError).argument).toBe('weights');
  });

  it('cancels the run on abort and rejects with the signal reason', async () => {
    const controller = new AbortController();
    let cancelled = 0;
    const addon: NativeAddon = {
      ...recordingAddon([]),
      trainMlp: () => {
        let reject: (error: unknown) => void = () => {};
        const promise = new Promise<never>((_, fail) => {
          reject = fail;
        });
        return {
          promise,
          cancel: () => {
            cancelled += 1;
            reject(
              Object.assign(new Error('native training was cancelled'), {
                code: 'TRAIN_GPU_NATIVE_CANCELLED',
              }),
            );
          },
        };
      },
    };
    const training = trainMlpNative({
      weights,
      features,
      labels,
      epochs: 1,
      batchSize: 2,
      optimizer: { kind: 'sgd', learningRate: 0.1 },
      signal: controller.signal,
      addon,
    });
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(training).rejects.toBe(reason);
    expect(cancelled).toBe(1);
  });
});
