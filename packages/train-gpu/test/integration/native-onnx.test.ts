// A model trained by the native addon, exported to ONNX: the export must give the trained
// model's own predictions (the reference forward pass on the same weights) in
// onnxruntime-node within 1e-5, and the same probabilities in Python onnxruntime within 1e-6.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import type { ModelSpec } from '../../src/model/types';
import { trainNative } from '../../src/native/native-trainer';
import { exportOnnx } from '../../src/onnx/index';
import {
  mlpFeeds,
  randomBags,
  randomFeatures,
  runInOnnxRuntimeNode,
  textFeeds,
} from '../../src/onnx/onnx.test-support';
import { initWeights } from '../../src/reference/init';
import { predictReference } from '../../src/reference/predict';
import { addonMissingReason } from './fixtures/native-addon';
import { predictInPython, unavailableReason } from './fixtures/onnx-python';

const pythonMissing = unavailableReason();
const reason = addonMissingReason ?? pythonMissing;

const textSpec: ModelSpec = {
  kind: 'text-classifier',
  vocabularySize: 50,
  embeddingDim: 8,
  hidden: [16],
  classes: 3,
};
const mlpSpec: ModelSpec = { kind: 'mlp', inputs: 6, hidden: [12, 8], classes: 4 };

describeWithPrerequisite(
  'ONNX export of natively trained models',
  'the native addon and the venv Python with onnx and onnxruntime',
  reason,
  () => {
    const directory = mkdtempSync(join(tmpdir(), 'train-gpu-native-onnx-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it.each([
      {
        name: 'text classifier',
        spec: textSpec,
        features: () => randomBags(40, 50, 8, 3),
        feeds: textFeeds,
      },
      {
        name: 'MLP',
        spec: mlpSpec,
        features: () => randomFeatures(40, 6, 4),
        feeds: (features: Float32Array) => mlpFeeds(features, 6),
      },
    ] as const)('$name', async (testCase) => {
      const features = testCase.features();
      const labels = Int32Array.from({ length: 40 }, (_, row) => row % testCase.spec.classes);
      const trained = await trainNative({
        weights: initWeights(testCase.spec, 11),
        features,
        labels,
        epochs: 3,
        batchSize: 8,
        optimizer: { kind: 'adam', learningRate: 0.01 },
        seed: 11,
      });
      const model = exportOnnx(trained.weights);
      // biome-ignore lint/suspicious/noExplicitAny: the two feed builders take different inputs.
      const feeds = (testCase.feeds as (input: any) => ReturnType<typeof textFeeds>)(features);
      const node = await runInOnnxRuntimeNode(model, feeds);
      const own = predictReference(trained.weights, features);
      const probabilities = node.probabilities.flat();
      expect(probabilities).toHaveLength(own.length);
      own.forEach((expected, index) => {
        expect(Math.abs((probabilities[index] as number) - expected)).toBeLessThan(1e-5);
      });

      const path = join(directory, `${testCase.name.replace(/\W+/g, '-')}.onnx`);
      writeFileSync(path, model);
      const fromPython = predictInPython(path, feeds).outputs.probabilities.flat();
      fromPython.forEach((value, index) => {
        expect(Math.abs(value - (probabilities[index] as number))).toBeLessThan(1e-6);
      });
    });
  },
);
