import { pythonYamlDump } from './python-yaml';
import { signatureToMlmodel, type TensorSignature } from './tensor-signature';

/** MLflow's default ONNX execution providers: GPU first, CPU as the fallback. */
export const defaultOnnxProviders: readonly string[] = [
  'CUDAExecutionProvider',
  'CPUExecutionProvider',
];

/** What goes into the MLmodel file of an ONNX model. */
export interface OnnxMlmodelFields {
  /** `model_uuid`; MLflow 3's `log_model` uses the model id. */
  readonly modelUuid: string;
  /** `model_id`, or null for a model saved outside a tracking server. */
  readonly modelId: string | null;
  /** `artifact_path`: where the files are (MLflow 3: the logged model's artifact URI). */
  readonly artifactPath?: string;
  /** `run_id` of the run the model was logged from. */
  readonly runId?: string;
  /** `utc_time_created`, as Python's `str(datetime)` writes it. */
  readonly utcTimeCreated: string;
  readonly mlflowVersion: string;
  readonly onnxVersion: string;
  readonly pythonVersion: string;
  readonly providers: readonly string[];
  readonly signature?: TensorSignature;
  readonly savedInputExampleInfo?: Readonly<Record<string, string>>;
  /** Bytes of model.onnx and the example files, as MLflow counts them. */
  readonly modelSizeBytes?: number;
}

/**
 * A time as Python's `str(datetime)` writes a naive UTC datetime, MLflow's
 * `utc_time_created`: `2026-11-27 07:41:21.380000`, without the fraction when it is zero.
 */
export function pythonUtcTime(date: Date): string {
  const text = date.toISOString(); // 2026-11-27T07:41:21.380Z
  const seconds = `${text.slice(0, 10)} ${text.slice(11, 19)}`;
  const milliseconds = date.getUTCMilliseconds();
  return milliseconds === 0 ? seconds : `${seconds}.${String(milliseconds).padStart(3, '0')}000`;
}

/**
 * The MLmodel file of an ONNX model as MLflow 3.17's `mlflow.onnx.save_model` /
 * `log_model` writes it: the `onnx` flavor (data `model.onnx`, providers, no session
 * options, no code) and the `python_function` flavor loaded by `mlflow.onnx` with the
 * conda and virtualenv files, keys sorted, PyYAML's quoting and folding.
 */
export function onnxMlmodelYaml(fields: OnnxMlmodelFields): string {
  const document: Record<string, unknown> = {
    ...(fields.artifactPath === undefined ? {} : { artifact_path: fields.artifactPath }),
    flavors: {
      onnx: {
        code: null,
        data: 'model.onnx',
        onnx_session_options: null,
        onnx_version: fields.onnxVersion,
        providers: [...fields.providers],
      },
      python_function: {
        data: 'model.onnx',
        env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
        loader_module: 'mlflow.onnx',
        python_version: fields.pythonVersion,
      },
    },
    mlflow_version: fields.mlflowVersion,
    model_id: fields.modelId,
    ...(fields.modelSizeBytes === undefined ? {} : { model_size_bytes: fields.modelSizeBytes }),
    model_uuid: fields.modelUuid,
    prompts: null,
    ...(fields.runId === undefined ? {} : { run_id: fields.runId }),
    ...(fields.savedInputExampleInfo === undefined
      ? {}
      : { saved_input_example_info: { ...fields.savedInputExampleInfo } }),
    ...(fields.signature === undefined
      ? {}
      : {
          is_signature_from_type_hint: false,
          signature: signatureToMlmodel(fields.signature),
          type_hint_from_example: false,
        }),
    utc_time_created: fields.utcTimeCreated,
  };
  return pythonYamlDump(document);
}
