// The TypeScript ONNX exporter against the Python ONNX stack: each exported model must pass
// `onnx.checker.check_model(full_check=True)` and give, in Python onnxruntime, the same
// probabilities as onnxruntime-node within 1e-6 (scripts/python/train/onnx_predict.py).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from 'onnxruntime-node';
import { afterAll, expect, it } from 'vitest';
import {
  describeWithPrerequisite,
  getTestEnvironment,
} from '../../../../scripts/test-env/services';
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

interface PythonPrediction {
  outputs: { logits: number[][]; probabilities: number[][] };
  ir_version: number;
  opsets: Record<string, number>;
  producer_name: string;
  producer_version: string;
  metadata: Record<string, string>;
  inputs: string[];
  outputs_declared: string[];
}

const script = fileURLToPath(
  new URL('../../../../scripts/python/train/onnx_predict.py', import.meta.url),
);
const python = getTestEnvironment().pythonExecutable;

function unavailableReason(): string | undefined {
  if (python === undefined)
    return 'the venv Python (.venv, scripts/test-env/ensure-venv.sh) is missing';
  const probe = spawnSync(python, ['-c', 'import onnx, onnxruntime, numpy'], { encoding: 'utf8' });
  return probe.status === 0
    ? undefined
    : `the venv Python cannot import onnx, onnxruntime and numpy: ${probe.stderr.trim()}`;
}

function feedsAsJson(feeds: Record<string, Tensor>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(feeds).map(([name, tensor]) => [
      name,
      {
        dtype: tensor.type === 'int64' ? 'int64' : 'float32',
        shape: tensor.dims,
        data: Array.from(tensor.data as ArrayLike<number | bigint>, Number),
      },
    ]),
  );
}

function predictInPython(model: string, feeds: Record<string, Tensor>): PythonPrediction {
  const result = spawnSync(python as string, [script], {
    input: JSON.stringify({ model, inputs: feedsAsJson(feeds) }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`onnx_predict.py exited with ${result.status}:\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as PythonPrediction;
}

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
