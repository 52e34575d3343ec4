import type { OperatorName } from '../catalog';
import type { ScenarioContext } from '../context';
import { bashProgress, startBash } from './bash';
import { bigQueryProgress, startBigQuery } from './bigquery';
import { databricksProgress, startDatabricks } from './databricks';
import { dbtProgress, startDbt } from './dbt';
import { httpProgress, startHttp } from './http';
import { podProgress, startPod } from './kubernetes-pod';
import { pythonProgress, startPython } from './python';
import { sensorProgress, startSensor } from './sensors';
import { sparkProgress, startSpark } from './spark-submit';
import { sqlProgress, startSql } from './sql';

/** What every operator contributes before a failure: its first lines and its progress output. */
interface OperatorOutput {
  start(context: ScenarioContext): void;
  progress(context: ScenarioContext, count: number): void;
}

const python: OperatorOutput = { start: startPython, progress: pythonProgress };
const sql: OperatorOutput = { start: startSql, progress: sqlProgress };
const sensor: OperatorOutput = { start: startSensor, progress: sensorProgress };

const outputs: Record<OperatorName, OperatorOutput> = {
  PythonOperator: python,
  _PythonDecoratedOperator: python,
  BashOperator: { start: startBash, progress: bashProgress },
  KubernetesPodOperator: { start: startPod, progress: podProgress },
  SparkSubmitOperator: { start: startSpark, progress: sparkProgress },
  PostgresOperator: sql,
  S3ToRedshiftOperator: sql,
  SnowflakeOperator: sql,
  SQLCheckOperator: sql,
  DbtRunOperator: { start: startDbt, progress: dbtProgress },
  DbtTestOperator: { start: startDbt, progress: dbtProgress },
  HttpSensor: sensor,
  S3KeySensor: sensor,
  ExternalTaskSensor: sensor,
  BigQueryInsertJobOperator: { start: startBigQuery, progress: bigQueryProgress },
  SimpleHttpOperator: { start: startHttp, progress: httpProgress },
  DatabricksSubmitRunOperator: { start: startDatabricks, progress: databricksProgress },
};

/** Writes the operator's first lines: connection, command line, submitted job. */
export function writeOperatorStart(context: ScenarioContext): void {
  outputs[context.task.operator].start(context);
}

/** Writes `context.progressLines` lines of the operator's ordinary progress output. */
export function writeOperatorProgress(context: ScenarioContext): void {
  outputs[context.task.operator].progress(context, context.progressLines);
}
