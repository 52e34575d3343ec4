/**
 * A minimal ONNX graph builder over `onnx-buf` (the ONNX protobuf messages for
 * `@bufbuild/protobuf` v2): the few `onnx.helper` functions the exporter needs. No npm
 * package offers a maintained one (native-serving.md §4.1).
 */
import { create } from '@bufbuild/protobuf';
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProto_DataType,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';

/** An attribute value: an integer (INT, as `bigint`), a float, or a list of integers (INTS). */
export type AttributeValue = bigint | number | readonly bigint[];

/** One graph node; `attributes` are written in key order. */
export function makeNode(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  name: string,
  attributes: Readonly<Record<string, AttributeValue>> = {},
): NodeProto {
  return create(NodeProtoSchema, {
    opType,
    name,
    input: [...inputs],
    output: [...outputs],
    attribute: Object.entries(attributes).map(([key, value]) => makeAttribute(key, value)),
  });
}

function makeAttribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'bigint') {
    return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: value });
  }
  if (typeof value === 'number') {
    return create(AttributeProtoSchema, {
      name,
      type: AttributeProto_AttributeType.FLOAT,
      f: value,
    });
  }
  return create(AttributeProtoSchema, {
    name,
    type: AttributeProto_AttributeType.INTS,
    ints: [...value],
  });
}

/**
 * A float32 initializer with `raw_data` in little-endian order (ONNX's byte order
 * whatever the host's), so a big model stays one copy of bytes rather than a repeated field.
 */
export function makeFloatTensor(
  name: string,
  dims: readonly number[],
  values: Float32Array,
): TensorProto {
  const rawData = new Uint8Array(new ArrayBuffer(values.length * 4));
  const view = new DataView(rawData.buffer);
  for (let index = 0; index < values.length; index += 1) {
    view.setFloat32(index * 4, values[index] as number, true);
  }
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: TensorProto_DataType.FLOAT,
    rawData,
  });
}

/** An int64 initializer (axes for Unsqueeze and ReduceSum), little-endian `raw_data`. */
export function makeInt64Tensor(
  name: string,
  dims: readonly number[],
  values: readonly bigint[],
): TensorProto {
  const rawData = new Uint8Array(new ArrayBuffer(values.length * 8));
  const view = new DataView(rawData.buffer);
  values.forEach((value, index) => {
    view.setBigInt64(index * 8, value, true);
  });
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: TensorProto_DataType.INT64,
    rawData,
  });
}

/** A dimension: a fixed size, or a symbolic name such as `batch`. */
export type Dimension = number | string;

/** A graph input or output: a tensor of `elementType` with the given dimensions. */
export function makeTensorValueInfo(
  name: string,
  elementType: TensorProto_DataType,
  shape: readonly Dimension[],
): ValueInfoProto {
  const dim = shape.map((dimension) =>
    create(TensorShapeProto_DimensionSchema, {
      value:
        typeof dimension === 'number'
          ? { case: 'dimValue', value: BigInt(dimension) }
          : { case: 'dimParam', value: dimension },
    }),
  );
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType: elementType,
          shape: create(TensorShapeProtoSchema, { dim }),
        }),
      },
    }),
  });
}
