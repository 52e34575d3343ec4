import { pythonYamlDump } from './python-yaml';

/**
 * The Python environment a logged model declares (MLflow's `conda.yaml`, `python_env.yaml`,
 * `requirements.txt`), which `mlflow models serve` and `mlflow.pyfunc.load_model`'s
 * environment checks read. TypeScript has no interpreter to inspect, so the versions are
 * stated; the defaults are the stack this package is tested with.
 */
export interface PythonEnvironment {
  /** Python version, e.g. `3.11.7`. */
  readonly pythonVersion: string;
  /** pip requirement lines, e.g. `mlflow==3.17.2`. */
  readonly pipRequirements: readonly string[];
  /** pip version: `pip<=X` in conda.yaml and `pip==X` in python_env.yaml. */
  readonly pipVersion: string;
  /** setuptools version in python_env.yaml's build dependencies; omitted when undefined. */
  readonly setuptoolsVersion?: string;
}

/** MLflow version written into MLmodel and the default requirements. */
export const defaultMlflowVersion = '3.17.2';
/** `onnx` package version written into the ONNX flavor and the default requirements. */
export const defaultOnnxVersion = '1.23.2';
/** `onnxruntime` version in the default requirements. */
export const defaultOnnxruntimeVersion = '1.32.0';

/**
 * The default environment of an ONNX model: CPython 3.11.7 with the pip and setuptools it
 * ships (23.2.1, 65.5.0), and `mlflow`, `onnx` and `onnxruntime` pinned, the requirements
 * MLflow's ONNX flavor declares.
 */
export function defaultOnnxEnvironment(): PythonEnvironment {
  return {
    pythonVersion: '3.11.7',
    pipRequirements: [
      `mlflow==${defaultMlflowVersion}`,
      `onnx==${defaultOnnxVersion}`,
      `onnxruntime==${defaultOnnxruntimeVersion}`,
    ],
    pipVersion: '23.2.1',
    setuptoolsVersion: '65.5.0',
  };
}

/** `conda.yaml` as MLflow writes it. */
export function condaYaml(environment: PythonEnvironment): string {
  return pythonYamlDump({
    channels: ['conda-forge'],
    dependencies: [
      `python=${environment.pythonVersion}`,
      `pip<=${environment.pipVersion}`,
      { pip: [...environment.pipRequirements] },
    ],
    name: 'mlflow-env',
  });
}

/** `python_env.yaml` as MLflow writes it (keys in MLflow's order, not sorted). */
export function pythonEnvYaml(environment: PythonEnvironment): string {
  return pythonYamlDump(
    {
      python: environment.pythonVersion,
      build_dependencies: [
        `pip==${environment.pipVersion}`,
        ...(environment.setuptoolsVersion === undefined
          ? []
          : [`setuptools==${environment.setuptoolsVersion}`]),
        'wheel',
      ],
      dependencies: ['-r requirements.txt'],
    },
    { sortKeys: false },
  );
}

/** `requirements.txt` as MLflow writes it: one requirement a line, no final newline. */
export function requirementsTxt(environment: PythonEnvironment): string {
  return environment.pipRequirements.join('\n');
}
