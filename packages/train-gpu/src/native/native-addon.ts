/**
 * The shape of the compiled addon (`build/train_gpu.node`, from `native/binding.cpp`). Only
 * `load-native.ts` loads it; everything else goes through the typed wrappers.
 */

/** What `version()` reports about the libtorch the addon was built against. */
export interface NativeVersion {
  readonly torchVersion: string;
  readonly cxx11Abi: boolean;
  readonly cudaAvailable: boolean;
  readonly cudaDeviceCount: number;
  /** libtorch's intra-op thread count at the time of the call. */
  readonly threads: number;
  /** Which c10d backends the addon was built with (Gloo needs Gloo's headers at build time). */
  readonly distributed: { readonly gloo: boolean; readonly nccl: boolean };
}

/** One `Linear` layer as the addon takes and returns it (PyTorch layout, `[out, in]`). */
export interface NativeLinear {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

/**
 * The arguments of the addon's `trainMlp` (the wrapper fills defaults). With `embedding`,
 * `ids` and `offsets` it trains a text classifier (EmbeddingBag(mean) + the layers).
 */
export interface NativeMlpJob {
  readonly layers: readonly NativeLinear[];
  /** `[rows, inputs]` row-major (an MLP; ignored when `embedding` is given). */
  readonly features: Float32Array;
  /** Text classifier: the EmbeddingBag(mean) table `[vocabularySize, embeddingDim]`. */
  readonly embedding?: Float32Array;
  /** Text classifier: the token bags (`offsets` holds one start per row). */
  readonly ids?: Int32Array;
  readonly offsets?: Int32Array;
  /** A `torch::Device` string; default `cpu`. */
  readonly device?: string;
  /** Where to write a checkpoint (atomically) after every `checkpointEvery` epochs. */
  readonly checkpointPath?: string;
  readonly checkpointEvery?: number;
  /** A checkpoint to continue from (its epoch, parameters, optimizer state and losses). */
  readonly resumeFrom?: string;
  /**
   * Identifies the data and settings: written into checkpoints and compared on resume
   * (rejects with `TRAIN_GPU_NATIVE_CHECKPOINT`), and compared between distributed ranks.
   */
  readonly fingerprint?: string;
  /** One learning rate per epoch (a schedule); absent: `optimizer.learningRate` throughout. */
  readonly learningRates?: Float64Array;
  /** `'bf16'`: the forward pass under autocast in bfloat16. Default `'fp32'`. */
  readonly precision?: 'fp32' | 'bf16';
  /** Data-parallel training; absent: one process. */
  readonly distributed?: {
    readonly rank: number;
    readonly worldSize: number;
    readonly backend: 'gloo' | 'nccl';
    readonly storeKind: 'file' | 'tcp';
    readonly storePath?: string;
    readonly storeHost?: string;
    readonly storePort?: number;
    readonly timeoutMs: number;
  };
  readonly labels: Int32Array;
  /** `epochs * rows` row indexes: each epoch's row order, epoch after epoch. */
  readonly order: Int32Array;
  readonly epochs: number;
  readonly batchSize: number;
  /** libtorch intra-op threads (`at::set_num_threads`); 0 keeps libtorch's default. */
  readonly threads: number;
  readonly optimizer: {
    readonly kind: 'sgd' | 'adam';
    readonly learningRate: number;
    readonly momentum: number;
    readonly weightDecay: number;
    readonly beta1: number;
    readonly beta2: number;
    readonly epsilon: number;
  };
}

/** What the addon's `trainMlp` resolves to: new arrays, inputs untouched. */
export interface NativeMlpResult {
  readonly layers: NativeLinear[];
  /** The trained embedding table (text classifier only). */
  readonly embedding?: Float32Array;
  /** Mean cross-entropy of each epoch, row-weighted over its batches (each before its update). */
  readonly epochLosses: Float64Array;
}

/** One finished epoch, as the addon reports it. */
export interface NativeEpoch {
  /** 0-based. */
  readonly epoch: number;
  /** Mean cross-entropy of the epoch, as in `epochLosses`. */
  readonly loss: number;
  /** Whether a checkpoint was written (atomically, complete) before this report. */
  readonly checkpointed: boolean;
}

/**
 * A started native training run. `promise` rejects with an `Error` whose `code` is
 * `TRAIN_GPU_NATIVE_CANCELLED` (after `cancel()`), `TRAIN_GPU_NATIVE_CHECKPOINT` (a
 * `resumeFrom` of another model, data or settings), `TRAIN_GPU_NATIVE_DISTRIBUTED` (a failed
 * rendezvous or collective), `TRAIN_GPU_NATIVE_TORCH` (a `c10::Error`) or `TRAIN_GPU_NATIVE`
 * (any other C++ exception), or with what `onEpoch` threw.
 */
export interface NativeMlpRun {
  readonly promise: Promise<NativeMlpResult>;
  /** Stops training before its next batch; safe to call at any time, repeatedly. */
  cancel(): void;
}

/** The addon's exports. */
export interface NativeAddon {
  version(): NativeVersion;
  /**
   * Starts training on a thread of its own and returns at once; `onEpoch` runs on the JS
   * thread after each epoch, every call before the promise settles. Throws a `TypeError`
   * (`code` `TRAIN_GPU_NATIVE_ARGUMENT`) on a malformed job.
   */
  trainMlp(job: NativeMlpJob, onEpoch?: (record: NativeEpoch) => void): NativeMlpRun;
}
