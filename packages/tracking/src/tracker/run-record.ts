import { decodeDouble, decodeInteger } from '../backend/wire';
import type { components } from '../generated';
import type { LocalRun } from '../local-store';

/** A metric point as read back. `timestampMs` is milliseconds since the epoch. */
export interface MetricPoint {
  key: string;
  value: number;
  timestampMs: number;
  step: number;
}

/** A run as read back from the server or the local store, in camelCase. */
export interface RunRecord {
  info: {
    runId: string;
    runName: string | undefined;
    /** Server experiment id; undefined for a run only in the local store. */
    experimentId: string | undefined;
    /** Known for local-store runs; server runs carry the id only. */
    experimentName: string | undefined;
    status: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
    startTimeMs: number;
    endTimeMs: number | undefined;
    artifactUri: string | undefined;
    userId: string | undefined;
  };
  data: {
    /** The latest value of each metric (MLflow's rule: highest step, then timestamp, then value). */
    metrics: MetricPoint[];
    params: Record<string, string>;
    tags: Record<string, string>;
  };
  inputs: {
    datasets: {
      name: string;
      digest: string;
      sourceType: string;
      source: string;
      schema: string | undefined;
      profile: string | undefined;
      tags: Record<string, string>;
    }[];
  };
}

function keyValues(
  items: readonly { key?: string; value?: string }[] | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const item of items ?? []) {
    if (item.key !== undefined) record[item.key] = item.value ?? '';
  }
  return record;
}

/** A run of MLflow's REST API as a {@link RunRecord}. */
export function runRecordFromWire(run: components['schemas']['Run']): RunRecord {
  const info = run.info ?? {};
  return {
    info: {
      runId: info.run_id ?? '',
      runName: info.run_name,
      experimentId: info.experiment_id,
      experimentName: undefined,
      status: info.status ?? 'RUNNING',
      startTimeMs: decodeInteger(info.start_time),
      endTimeMs: info.end_time === undefined ? undefined : decodeInteger(info.end_time),
      artifactUri: info.artifact_uri,
      userId: info.user_id === '' ? undefined : info.user_id,
    },
    data: {
      metrics: (run.data?.metrics ?? []).map((metric) => ({
        key: metric.key ?? '',
        value: decodeDouble(metric.value),
        timestampMs: decodeInteger(metric.timestamp),
        step: decodeInteger(metric.step),
      })),
      params: keyValues(run.data?.params),
      tags: keyValues(run.data?.tags),
    },
    inputs: {
      datasets: (run.inputs?.dataset_inputs ?? []).map((input) => ({
        name: input.dataset?.name ?? '',
        digest: input.dataset?.digest ?? '',
        sourceType: input.dataset?.source_type ?? '',
        source: input.dataset?.source ?? '',
        schema: input.dataset?.schema,
        profile: input.dataset?.profile,
        tags: keyValues(input.tags),
      })),
    },
  };
}

/** A local-store run as a {@link RunRecord}. */
export function runRecordFromLocal(run: LocalRun): RunRecord {
  return {
    info: {
      runId: run.info.runId,
      runName: run.info.runName,
      experimentId: undefined,
      experimentName: run.info.experimentName,
      status: run.info.status,
      startTimeMs: run.info.startTimeMs,
      endTimeMs: run.info.endTimeMs,
      artifactUri: undefined,
      userId: run.info.userId,
    },
    data: {
      metrics: run.data.metrics,
      params: keyValues(run.data.params),
      tags: keyValues(run.data.tags),
    },
    inputs: {
      datasets: run.inputs.datasetInputs.map((input) => ({
        ...input.dataset,
        schema: input.dataset.schema,
        profile: input.dataset.profile,
        tags: keyValues(input.tags),
      })),
    },
  };
}
