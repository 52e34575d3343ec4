/**
 * Trains the Airflow failure-log classifier on the bundled sample (examples/log-profile/data,
 * 600 synthetic task logs in 7 root-cause categories): tokenizes the logs, holds out a fifth
 * of them, trains with `train()` (the libtorch addon when it is built, on CUDA when it sees a
 * GPU, else the TypeScript trainer), prints each epoch and the held-out accuracy, exports the
 * model to ONNX and checks that onnxruntime-node gives the same probabilities.
 *
 * The sample is synthetic and easy; the held-out accuracy here says that training works, not
 * how the classifier does on real logs.
 *
 *   pnpm --filter @dagnostics/example-train-classifier start
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '@dagnostics/core';
import { createTokenizer, type TokenBags, tokenBagsToPadded, train } from '@dagnostics/train-gpu';
import { InferenceSession, Tensor } from 'onnxruntime-node';

interface FailureRecord {
  readonly category: string;
  readonly log: string;
}

const samplePath = join(
  import.meta.dirname,
  '..',
  '..',
  'log-profile',
  'data',
  'airflow-task-failures.jsonl',
);
const records = readFileSync(samplePath, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as FailureRecord);
const categories = [...new Set(records.map((record) => record.category))].sort();

// A seeded fifth of the logs held out.
const order = createRng(7).permutation(records.length);
const heldOut = new Set(Array.from(order.slice(0, Math.floor(records.length / 5))));
const split = (held: boolean) => records.filter((_, index) => heldOut.has(index) === held);
const [trainRecords, testRecords] = [split(false), split(true)];

const tokenizer = createTokenizer({ vocabularySize: 1 << 15 });
// The last 30 lines of each log: where Airflow prints the error and its traceback.
const encode = (rows: readonly FailureRecord[]): TokenBags =>
  tokenizer.encode(rows.map((record) => record.log.split('\n').slice(-30).join('\n')));
const labelsOf = (rows: readonly FailureRecord[]): Int32Array =>
  Int32Array.from(rows.map((record) => categories.indexOf(record.category)));

const data = { features: encode(trainRecords), labels: labelsOf(trainRecords) };
const validation = { features: encode(testRecords), labels: labelsOf(testRecords) };
const { model, metrics, backend, device, fallbackReason } = await train({
  model: {
    kind: 'text-classifier',
    vocabularySize: tokenizer.vocabularySize,
    embeddingDim: 32,
    hidden: [64],
    classes: categories.length,
  },
  data,
  validation,
  epochs: 12,
  batchSize: 32,
  optimizer: { kind: 'adam', learningRate: 0.01 },
  schedule: { kind: 'cosine', tMax: 12 },
  seed: 7,
  onEpoch: ({ epoch, loss, learningRate }) =>
    console.log(`epoch ${String(epoch)}: loss ${loss.toFixed(4)}, lr ${learningRate.toFixed(5)}`),
});
console.log(
  `trained on ${String(trainRecords.length)} logs with the ${backend} trainer on ${device}${
    fallbackReason === undefined ? '' : ` (no addon: ${fallbackReason.split('\n')[0]})`
  }`,
);
console.log(
  `held-out accuracy ${((metrics.validation?.accuracy ?? 0) * 100).toFixed(1)}% on ${String(testRecords.length)} logs`,
);

// The ONNX export gives the same probabilities in onnxruntime-node.
const session = await InferenceSession.create(
  model.toOnnx({ metadata: { tokenizer: tokenizer.version } }),
);
const padded = tokenBagsToPadded(validation.features);
const output = await session.run({
  ids: new Tensor('int64', padded.ids, [padded.rows, padded.length]),
  mask: new Tensor('float32', padded.mask, [padded.rows, padded.length]),
});
const onnxProbabilities = output.probabilities?.data as Float32Array;
const ours = model.predict(validation.features);
let largest = 0;
ours.forEach((value, index) => {
  largest = Math.max(largest, Math.abs(value - (onnxProbabilities[index] ?? Number.NaN)));
});
console.log(`ONNX vs train-gpu: largest probability difference ${largest.toExponential(2)}`);
