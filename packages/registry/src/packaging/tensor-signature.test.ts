import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { inferTensorSignature, type OnnxValueMetadata } from './infer-tensor-signature';
import { signatureToMlmodel } from './tensor-signature';

function tensor(name: string, type: string, shape: (number | string)[]): OnnxValueMetadata {
  return { name, isTensor: true, type, shape };
}

describe('inferTensorSignature', () => {
  it('maps ONNX element types to numpy dtypes and dynamic dimensions to -1', () => {
    const signature = inferTensorSignature({
      inputMetadata: [tensor('X', 'float32', ['N', 4]), tensor('ids', 'string', [-1])],
      outputMetadata: [tensor('label', 'int64', ['batch']), tensor('flag', 'bool', [])],
    });
    expect(signature).toEqual({
      inputs: [
        { name: 'X', dtype: 'float32', shape: [-1, 4] },
        { name: 'ids', dtype: 'object', shape: [-1] },
      ],
      outputs: [
        { name: 'label', dtype: 'int64', shape: [-1] },
        { name: 'flag', dtype: 'bool', shape: [] },
      ],
    });
  });

  it('refuses a ZipMap output and element types numpy lacks', () => {
    expect(() =>
      inferTensorSignature({
        inputMetadata: [tensor('X', 'float32', [-1, 4])],
        outputMetadata: [{ name: 'output_probability', isTensor: false }],
      }),
    ).toThrow(/zipmap: false/);
    expect(() =>
      inferTensorSignature({
        inputMetadata: [tensor('X', 'bfloat16', [-1, 4])],
        outputMetadata: [],
      }),
    ).toThrow(InvalidArgumentError);
  });
});

describe('signatureToMlmodel', () => {
  it('writes each schema as the JSON MLflow writes and no params', () => {
    expect(
      signatureToMlmodel({ inputs: [{ dtype: 'float64', shape: [-1, 2] }], outputs: [] }),
    ).toEqual({
      inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 2]}}]',
      outputs: null,
      params: null,
    });
  });

  it('refuses what MLflow would not read', () => {
    const refused = [
      {
        inputs: [
          { name: 'a', dtype: 'float32', shape: [-1] },
          { dtype: 'float32', shape: [1] },
        ],
      },
      { inputs: [{ name: 'a', dtype: 'float32', shape: [-2] }] },
      { inputs: [{ name: 'a', dtype: 'float32', shape: [1.5] }] },
      { inputs: [{ name: 'a', dtype: 'complex64', shape: [1] }] },
      {
        inputs: [
          { name: 'a', dtype: 'float32', shape: [1] },
          { name: 'a', dtype: 'int64', shape: [1] },
        ],
      },
    ] as unknown as Parameters<typeof signatureToMlmodel>[0][];
    for (const signature of refused) {
      expect(() => signatureToMlmodel(signature)).toThrow(InvalidArgumentError);
    }
  });
});
