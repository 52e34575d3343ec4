// The TypeScript ONNX exporter against the Python ONNX stack: each exported model must pass
// `onnx.checker.check_model(full_check=True)` and give, in Python onnxruntime, the same
// probabilities as onnxruntime-node within 1e-6 (scripts/python/train/onnx_predict.py).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import type { ModelSpec } from '../../src/model/types';
import {
  exportOnnx,
  modelSpecMetadataKey,
  type OnnxOpset,
  onnxProducerName,
} from '../../src/onnx/index';
import {
  mlpFeeds,
  randomBags,
  randomFeatures,
  randomWeights,
  runInOnnxRuntimeNode,
  textFeeds,
} from '../../src/onnx/onnx.test-support';
import { predictInPython, unavailableReason } from './fixtures/onnx-python';

const textSpec: ModelSpec = {
  kind: 'text-classifier',
  vocabularySize: 64,
  embeddingDim: 12,
  hidden: [24, 8],
  classes: 5,
};
const mlpSpec: ModelSpec = { kind: 'mlp', inputs: 9, hidden: [16], classes: 3 };

const cases = [17, 21].flatMap((opset) => [
  {
    name: `text classifier, opset ${opset}`,
    opset: opset as OnnxOpset,
    spec: textSpec,
    // 0 to 10 tokens per bag: padding and empty bags both occur.
    feeds: () => textFeeds(randomBags(32, textSpec.vocabularySize, 10, 7)),
    inputs: ['ids', 'mask'],
  },
  {
    name: `MLP, opset ${opset}`,
    opset: opset as OnnxOpset,
    spec: mlpSpec,
    feeds: () => mlpFeeds(randomFeatures(20, mlpSpec.inputs, 8), mlpSpec.inputs),
    inputs: ['features'],
  },
]);

describeWithPrerequisite(
  'ONNX export read by Python onnx and onnxruntime',
  'the venv Python with onnx and onnxruntime',
  unavailableReason(),
  () => {
    const directory = mkdtempSync(join(tmpdir(), 'train-gpu-onnx-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it.each(cases)(
      '$name: checker passes, probabilities equal onnxruntime-node within 1e-6',
      async (testCase) => {
        const weights = randomWeights(testCase.spec, 5);
        const model = exportOnnx(weights, {
          opset: testCase.opset,
          producerVersion: '0.1.0',
          metadata: { labels: '["a","b","c"]' },
        });
        const path = join(directory, `${testCase.name.replace(/\W+/g, '-')}.onnx`);
        writeFileSync(path, model);
        const feeds = testCase.feeds();
        const node = await runInOnnxRuntimeNode(model, feeds);
        const fromPython = predictInPython(path, feeds);

        expect(fromPython.ir_version).toBe(testCase.opset === 17 ? 8 : 10);
        expect(fromPython.opsets).toEqual({ '': testCase.opset });
        expect(fromPython.producer_name).toBe(onnxProducerName);
        expect(fromPython.producer_version).toBe('0.1.0');
        expect(fromPython.metadata).toEqual({
          labels: '["a","b","c"]',
          [modelSpecMetadataKey]: JSON.stringify(testCase.spec),
        });
        expect(fromPython.inputs).toEqual(testCase.inputs);
        expect(fromPython.outputs_declared).toEqual(['logits', 'probabilities']);

        const probabilities = fromPython.outputs.probabilities;
        expect(probabilities.length).toBe(node.probabilities.length);
        probabilities.forEach((row, r) => {
          expect(row.length).toBe(testCase.spec.classes);
          row.forEach((value, c) => {
            expect(
              Math.abs(value - (node.probabilities[r]?.[c] as number)),
              `[${r}][${c}]`,
            ).toBeLessThan(1e-6);
          });
          expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
        });
      },
    );
  },
);
