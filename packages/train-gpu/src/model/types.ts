/**
 * The models @dagnostics/train-gpu trains, and their weights as plain typed arrays: the
 * one layout shared by the TypeScript reference trainer, the native (libtorch) trainer, the
 * checkpoints and the ONNX exporter.
 *
 * Layers follow PyTorch: a `Linear` weight is `[out, in]` row-major (so `y = x W^T + b`),
 * an `EmbeddingBag(mode='mean')` table is `[vocabularySize, embeddingDim]` row-major.
 * Between layers: ReLU; after the last layer: logits (softmax gives probabilities).
 */

/** A text classifier: hashed token ids → EmbeddingBag(mean) → MLP → class logits. */
export interface TextClassifierSpec {
  readonly kind: 'text-classifier';
  /** Hash buckets of the tokenizer = rows of the embedding table. */
  readonly vocabularySize: number;
  readonly embeddingDim: number;
  /** Hidden layer widths (ReLU after each); may be empty. */
  readonly hidden: readonly number[];
  readonly classes: number;
}

/** An MLP on dense float features → class logits. */
export interface DenseMlpSpec {
  readonly kind: 'mlp';
  readonly inputs: number;
  readonly hidden: readonly number[];
  readonly classes: number;
}

export type ModelSpec = TextClassifierSpec | DenseMlpSpec;

/** One `Linear` layer. */
export interface LinearWeights {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `[outFeatures, inFeatures]`, row-major. */
  readonly weight: Float32Array;
  /** `[outFeatures]`. */
  readonly bias: Float32Array;
}

/** All trainable parameters of a model. */
export interface ModelWeights {
  readonly spec: ModelSpec;
  /** `[vocabularySize, embeddingDim]` for a text classifier; absent for an MLP. */
  readonly embedding?: Float32Array;
  /** The hidden layers, then the output layer. */
  readonly layers: readonly LinearWeights[];
}

/**
 * A batch of token bags in EmbeddingBag's flat form: the ids of every row concatenated,
 * and where each row starts. Row `r` is `ids[offsets[r] .. offsets[r + 1])` (the last row
 * runs to the end). An empty bag embeds to zeros, as in PyTorch.
 */
export interface TokenBags {
  readonly ids: Int32Array;
  readonly offsets: Int32Array;
}

/** Training data: text rows as token bags, or dense features `[rows, inputs]` row-major. */
export type Features = TokenBags | Float32Array;

/** Labels: class indexes `0 .. classes - 1`, one per row. */
export type Labels = Int32Array;
