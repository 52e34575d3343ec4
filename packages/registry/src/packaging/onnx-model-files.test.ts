import { describe, expect, it } from 'vitest';
import { readGolden } from '../../test/support/golden';
import { inputExampleFiles } from './input-example';
import { pythonUtcTime } from './mlmodel';
import { onnxModelFiles } from './onnx-model-files';
import { pythonYamlDump } from './python-yaml';

interface Fixture {
  model: { bytes: number };
  inputs: number[][];
  mlflow_save: {
    files: Record<string, string>;
    model_uuid: string;
    utc_time_created: string;
    mlflow_version: string;
    python_version: string;
    onnx_version: string;
    pip_requirements: string[];
    pip_version: string;
    setuptools_version: string;
    example_rows: number;
  };
  dict_example: { files: Record<string, string>; info: Record<string, string> };
  folding: { document: unknown; yaml: string };
}

const golden = readGolden<Fixture>(new URL('./__fixtures__/onnx-classifier.json', import.meta.url));
const { cases } = golden;

function float32Tensor(rows: number[][]) {
  return {
    type: 'float32',
    dims: [rows.length, rows[0]?.length ?? 0],
    data: Float32Array.from(rows.flat()),
  };
}

describe('onnxModelFiles against mlflow.onnx.save_model', () => {
  const saved = cases.mlflow_save;
  const files = onnxModelFiles({
    onnxSizeBytes: cases.model.bytes,
    signature: {
      inputs: [{ name: 'X', dtype: 'float32', shape: [-1, 4] }],
      outputs: [
        { name: 'label', dtype: 'int64', shape: [-1] },
        { name: 'probabilities', dtype: 'float32', shape: [-1, 3] },
      ],
    },
    inputExample: float32Tensor(cases.inputs.slice(0, saved.example_rows)),
    environment: {
      pythonVersion: saved.python_version,
      pipRequirements: saved.pip_requirements,
      pipVersion: saved.pip_version,
      setuptoolsVersion: saved.setuptools_version,
    },
    mlflowVersion: saved.mlflow_version,
    onnxVersion: saved.onnx_version,
    modelUuid: saved.model_uuid,
    createdAt: saved.utc_time_created,
  });

  it('writes the same files as MLflow', () => {
    expect(files.map((file) => file.name).sort()).toEqual(Object.keys(saved.files).sort());
  });

  for (const name of Object.keys(saved.files)) {
    it(`writes ${name} byte for byte`, () => {
      expect(files.find((file) => file.name === name)?.text).toBe(saved.files[name]);
    });
  }
});

describe('input examples', () => {
  it('writes a dict of tensors as MLflow does, floats and integers apart', () => {
    const rows = cases.inputs.slice(2, 4);
    const files = inputExampleFiles({
      X: float32Tensor(rows),
      mask: { type: 'int64', dims: [2, 2], data: BigInt64Array.from([1n, 0n, 0n, 1n]) },
    });
    expect(files.inputExample).toBe(cases.dict_example.files['input_example.json']);
    expect(files.servingInputExample).toBe(cases.dict_example.files['serving_input_example.json']);
    expect(files.info).toEqual(cases.dict_example.info);
  });

  it('refuses dims that do not match the data', () => {
    expect(() => inputExampleFiles({ type: 'float32', dims: [2, 3], data: [1, 2] })).toThrow(
      /hold 6 elements but data has 2/,
    );
  });
});

describe('pythonYamlDump', () => {
  it('folds long scalars as PyYAML does', () => {
    expect(pythonYamlDump(cases.folding.document)).toBe(cases.folding.yaml);
  });
});

describe('pythonUtcTime', () => {
  it("writes Python's str(datetime), dropping a zero fraction", () => {
    expect(pythonUtcTime(new Date(Date.UTC(2026, 10, 27, 7, 41, 21, 380)))).toBe(
      '2026-11-27 07:41:21.380000',
    );
    expect(pythonUtcTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('2026-01-02 03:04:05');
  });
});
