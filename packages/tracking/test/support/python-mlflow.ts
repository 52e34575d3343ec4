import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const python = resolve(import.meta.dirname, '../../../../.venv/bin/python');

/** Whether the venv's Python (with the mlflow client) is there. */
export function hasPythonMlflow(): boolean {
  return existsSync(python);
}

/**
 * Runs `script` with the venv's Python and MLflow's own client, passing `input` as JSON on
 * stdin and parsing the JSON the script prints: the independent reader of what the
 * TypeScript client wrote.
 */
export function runPythonMlflow<T>(
  script: string,
  input: unknown,
  env: Record<string, string> = {},
): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      python,
      ['-c', script],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`python failed: ${error.message}\n${stderr}`));
          return;
        }
        try {
          resolvePromise(JSON.parse(stdout) as T);
        } catch (parseError) {
          reject(new Error(`python printed no JSON: ${String(parseError)}\n${stdout}\n${stderr}`));
        }
      },
    );
    child.stdin?.end(JSON.stringify(input));
  });
}

/** Python that prints a run as MLflow's client reads it: params, tags, metric histories. */
export const readRunScript = `
import json, math, sys
from mlflow.tracking import MlflowClient
request = json.load(sys.stdin)
client = MlflowClient(tracking_uri=request["uri"])
run = client.get_run(request["run_id"])
def number(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)
    return value
history = {}
for key in run.data.metrics:
    history[key] = sorted(
        [[m.step, m.timestamp, number(m.value)] for m in client.get_metric_history(run.info.run_id, key)]
    )
print(json.dumps({
    "status": run.info.status,
    "run_name": run.info.run_name,
    "experiment_id": run.info.experiment_id,
    "end_time": run.info.end_time,
    "params": run.data.params,
    "tags": run.data.tags,
    "history": history,
    "inputs": [
        {"name": d.dataset.name, "digest": d.dataset.digest, "source": d.dataset.source,
         "source_type": d.dataset.source_type, "schema": d.dataset.schema,
         "tags": {t.key: t.value for t in d.tags}}
        for d in run.inputs.dataset_inputs
    ],
}))
`;
