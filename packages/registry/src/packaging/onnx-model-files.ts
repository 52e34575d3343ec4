import { randomUUID } from 'node:crypto';
import { type InputExample, inputExampleFiles } from './input-example';
import { defaultOnnxProviders, onnxMlmodelYaml, pythonUtcTime } from './mlmodel';
import {
  condaYaml,
  defaultMlflowVersion,
  defaultOnnxEnvironment,
  defaultOnnxVersion,
  type PythonEnvironment,
  pythonEnvYaml,
  requirementsTxt,
} from './python-environment';
import type { TensorSignature } from './tensor-signature';

/** What {@link onnxModelFiles} writes an MLflow model folder from. */
export interface OnnxModelFilesOptions {
  /** Size of the ONNX file in bytes (it is counted in `model_size_bytes`). */
  readonly onnxSizeBytes: number;
  /** Tensor signature; default none (MLflow then checks no input). */
  readonly signature?: TensorSignature;
  /** Example input, saved as `input_example.json` and `serving_input_example.json`. */
  readonly inputExample?: InputExample;
  /** Python environment declared; default {@link defaultOnnxEnvironment}. */
  readonly environment?: PythonEnvironment;
  /** MLflow version in MLmodel. Default `3.17.2`. */
  readonly mlflowVersion?: string;
  /** `onnx` package version in the flavor. Default `1.23.2`. */
  readonly onnxVersion?: string;
  /** Execution providers the loader tries in order. Default CUDA then CPU, as MLflow's. */
  readonly providers?: readonly string[];
  /** The logged model's id (`model_id`; also `model_uuid`). Default null (a saved model). */
  readonly modelId?: string;
  /** `model_uuid`. Default the model id, or a random uuid4 hex without one. */
  readonly modelUuid?: string;
  /** `artifact_path`. Default none. */
  readonly artifactPath?: string;
  /** `run_id`. Default none. */
  readonly runId?: string;
  /** Creation time; a string is written as it is (Python's `str(datetime)` form). Default now. */
  readonly createdAt?: Date | string;
}

/** One file of an MLflow model folder. */
export interface ModelFile {
  readonly name: string;
  readonly text: string;
}

/**
 * The text files of an MLflow ONNX model folder, byte for byte as MLflow 3.17's
 * `mlflow.onnx.save_model` writes them: `MLmodel`, `conda.yaml`, `python_env.yaml`,
 * `requirements.txt` and, with an example, `input_example.json` and
 * `serving_input_example.json`. `model.onnx` itself is the caller's.
 *
 * @throws {InvalidArgumentError} for an invalid signature or example.
 */
export function onnxModelFiles(options: OnnxModelFilesOptions): ModelFile[] {
  const environment = options.environment ?? defaultOnnxEnvironment();
  const example =
    options.inputExample === undefined ? undefined : inputExampleFiles(options.inputExample);
  const exampleFiles: ModelFile[] =
    example === undefined
      ? []
      : [
          { name: 'input_example.json', text: example.inputExample },
          { name: 'serving_input_example.json', text: example.servingInputExample },
        ];
  // MLflow counts the folder before writing the environment files into it.
  const encoder = new TextEncoder();
  const modelSizeBytes = exampleFiles.reduce(
    (total, file) => total + encoder.encode(file.text).byteLength,
    options.onnxSizeBytes,
  );
  const mlmodel = onnxMlmodelYaml({
    modelUuid: options.modelUuid ?? options.modelId ?? randomUUID().replaceAll('-', ''),
    modelId: options.modelId ?? null,
    ...(options.artifactPath === undefined ? {} : { artifactPath: options.artifactPath }),
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    utcTimeCreated:
      typeof options.createdAt === 'string'
        ? options.createdAt
        : pythonUtcTime(options.createdAt ?? new Date()),
    mlflowVersion: options.mlflowVersion ?? defaultMlflowVersion,
    onnxVersion: options.onnxVersion ?? defaultOnnxVersion,
    pythonVersion: environment.pythonVersion,
    providers: options.providers ?? defaultOnnxProviders,
    ...(options.signature === undefined ? {} : { signature: options.signature }),
    ...(example === undefined ? {} : { savedInputExampleInfo: example.info }),
    ...(modelSizeBytes > 0 ? { modelSizeBytes } : {}),
  });
  return [
    { name: 'MLmodel', text: mlmodel },
    { name: 'conda.yaml', text: condaYaml(environment) },
    { name: 'python_env.yaml', text: pythonEnvYaml(environment) },
    { name: 'requirements.txt', text: requirementsTxt(environment) },
    ...exampleFiles,
  ];
}
