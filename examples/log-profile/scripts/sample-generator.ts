import { createRng } from '@dagnostics/core';
import {
  pythonIsoDate,
  writeClosing,
  writeNoise,
  writePreamble,
  writeViewerHeader,
} from './sample/airflow-lines';
import { AIRFLOW_RELEASES } from './sample/airflow-versions';
import { COMPANIES, type Company, type DagSpec, type OperatorName } from './sample/catalog';
import type { Deployment, Scenario, ScenarioContext, TaskRef } from './sample/context';
import { writeOperatorProgress, writeOperatorStart } from './sample/operators';
import { stableIndex } from './sample/operators/shared';
import {
  alphanumeric,
  chance,
  hex,
  privateIp,
  type Rng,
  uniform,
  weighted,
} from './sample/random-helpers';
import { SCENARIOS } from './sample/scenarios';
import { TaskLog, type TimestampStyle } from './sample/task-log';
import { FAILURE_CATEGORIES, type FailureCategory, type TaskFailureRecord } from './sample/types';

export { FAILURE_CATEGORIES, type FailureCategory, type TaskFailureRecord };

/** Seed of the bundled sample `data/airflow-task-failures.jsonl`. */
export const SAMPLE_SEED = 20_240_501;

/**
 * Records per category in the bundled sample, 600 in all: unknown and dependency
 * failures are the most common in real deployments, permission errors the rarest.
 */
export const SAMPLE_CATEGORY_COUNTS: Readonly<Record<FailureCategory, number>> = {
  resource_error: 84,
  data_quality: 96,
  dependency_failure: 112,
  configuration_error: 78,
  permission_error: 46,
  timeout_error: 66,
  unknown: 118,
};

/** Options of {@link generateSample}. */
export interface GenerateSampleOptions {
  /** Seed of the generator; {@link SAMPLE_SEED} unless given. */
  seed?: number;
  /** Records per category; {@link SAMPLE_CATEGORY_COUNTS} unless given. */
  counts?: Readonly<Record<FailureCategory, number>>;
}

interface Placement {
  company: Company;
  dag: DagSpec;
  taskId: string;
  operator: OperatorName;
}

const scheduleIntervalMs: Record<DagSpec['schedule'], number> = {
  'half-hourly': 1_800_000,
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 604_800_000,
  monthly: 2_592_000_000,
};

function placementsFor(scenario: Scenario): Placement[] {
  const placements = COMPANIES.flatMap((company) =>
    company.dags.flatMap((dag) =>
      dag.tasks
        .filter(([, operator]) => scenario.operators.includes(operator))
        .map(([taskId, operator]) => ({ company, dag, taskId, operator })),
    ),
  );
  if (placements.length === 0) {
    throw new Error(`No task in the catalog runs an operator of scenario "${scenario.name}"`);
  }
  return placements;
}

function drawHostname(rng: Rng, placement: Placement, executor: Deployment['executor']): string {
  const { company, dag, taskId } = placement;
  if (executor === 'KubernetesExecutor') {
    const name = `${dag.dagId}-${taskId}`.replaceAll('_', '-').slice(0, 54);
    return `${name}-${hex(rng, 8)}`;
  }
  const style = stableIndex(`${company.slug}.${executor}`, 3);
  if (executor === 'LocalExecutor') {
    return style === 0
      ? `${company.slug}-airflow-0${rng.int(1, 2)}`
      : `airflow-scheduler-${hex(rng, 10)}-${alphanumeric(rng, 5)}`;
  }
  if (style === 0)
    return `airflow-worker-${rng.int(0, 7)}.airflow-worker.airflow.svc.cluster.local`;
  if (style === 1)
    return `ip-${privateIp(rng).replaceAll('.', '-')}.${company.awsRegion}.compute.internal`;
  return `${company.slug}-airflow-worker-${hex(rng, 9)}-${alphanumeric(rng, 5)}`;
}

function drawDeployment(rng: Rng, placement: Placement): Deployment {
  const { company } = placement;
  const minor = rng.choice(company.airflowMinors);
  const release = AIRFLOW_RELEASES.find((candidate) => candidate.minor === minor);
  if (release === undefined) throw new Error(`No Airflow 2.${minor} release in AIRFLOW_RELEASES`);
  const pythonVersion = rng.choice(release.pythonVersions);
  const sitePackages = {
    'airflow-user': `/home/airflow/.local/lib/python${pythonVersion}/site-packages`,
    system: `/usr/local/lib/python${pythonVersion}/site-packages`,
    venv: `/opt/venv/lib/python${pythonVersion}/site-packages`,
  }[company.image.sitePackages];
  const executor = rng.choice(company.executors);
  return {
    release,
    airflowVersion: rng.choice(release.versions),
    pythonVersion,
    sitePackages,
    dagsFolder: company.image.dagsFolder,
    executor,
    hostname: drawHostname(rng, placement, executor),
    pid: rng.int(120, 65_000),
    jobId: rng.int(100_000, 9_999_999),
  };
}

function alignToSchedule(date: Date, schedule: DagSpec['schedule']): Date {
  const aligned = new Date(date);
  aligned.setUTCSeconds(0, 0);
  if (schedule === 'half-hourly') aligned.setUTCMinutes(aligned.getUTCMinutes() < 30 ? 0 : 30);
  else aligned.setUTCMinutes(0);
  if (schedule === 'daily' || schedule === 'weekly' || schedule === 'monthly')
    aligned.setUTCHours(0);
  if (schedule === 'weekly') aligned.setUTCDate(aligned.getUTCDate() - aligned.getUTCDay());
  if (schedule === 'monthly') aligned.setUTCDate(1);
  return aligned;
}

interface DrawnRun {
  runId: string;
  logicalDate: Date;
  startMs: number;
}

function drawRun(rng: Rng, placement: Placement, tryNumber: number): DrawnRun {
  const { dag, taskId } = placement;
  const first = Date.UTC(2024, 0, 1);
  const last = Date.UTC(2024, 9, 31);
  const instant = new Date(first + Math.floor(rng.float() * (last - first)));
  const position = dag.tasks.findIndex(([id]) => id === taskId);
  const taskDelayMs = Math.round(
    position * uniform(rng, 20_000, 900_000) + uniform(rng, 1000, 60_000),
  );
  const retryDelayMs = Math.round((tryNumber - 1) * (300_000 + uniform(rng, 0, 900_000)));
  const kind = weighted(rng, [
    ['scheduled', 80],
    ['manual', 14],
    ['dataset_triggered', 6],
  ] as const);
  if (kind === 'scheduled') {
    const logicalDate = alignToSchedule(instant, dag.schedule);
    return {
      runId: `scheduled__${pythonIsoDate(logicalDate, '000000')}`,
      logicalDate,
      startMs:
        logicalDate.getTime() + scheduleIntervalMs[dag.schedule] + taskDelayMs + retryDelayMs,
    };
  }
  const microseconds = `${instant.getUTCMilliseconds().toString().padStart(3, '0')}${rng.int(0, 999).toString().padStart(3, '0')}`;
  return {
    runId: `${kind}__${pythonIsoDate(instant, microseconds)}`,
    logicalDate: instant,
    startMs: instant.getTime() + taskDelayMs + retryDelayMs,
  };
}

function drawProgressLines(rng: Rng): number {
  const length = weighted(rng, [
    ['terse', 27],
    ['short', 34],
    ['medium', 22],
    ['long', 12],
    ['very-long', 5],
  ] as const);
  if (length === 'terse') return 0;
  if (length === 'short') return rng.int(1, 12);
  if (length === 'medium') return rng.int(12, 60);
  if (length === 'long') return rng.int(60, 200);
  return rng.int(200, 600);
}

function timestampStyle(company: Company, minor: number): TimestampStyle {
  return stableIndex(`${company.slug}.${minor}`, 3) === 0 ? 'iso-milliseconds' : 'bracketed-utc';
}

function buildRecord(rng: Rng, category: FailureCategory, index: number): TaskFailureRecord {
  const scenario = weighted(
    rng,
    SCENARIOS[category].map((candidate) => [candidate, candidate.weight ?? 1] as const),
  );
  const placement = rng.choice(placementsFor(scenario));
  const deployment = drawDeployment(rng, placement);
  const maxTries = weighted(rng, [
    [0, 15],
    [1, 25],
    [2, 30],
    [3, 22],
    [5, 8],
  ] as const);
  const firstAttempt = scenario.firstAttemptOnly === true || maxTries === 0 || chance(rng, 0.55);
  const tryNumber = firstAttempt ? 1 : rng.int(2, maxTries + 1);
  const run = drawRun(rng, placement, tryNumber);
  const durationMs = Math.max(150, Math.round(scenario.durationS(rng) * 1000));
  const task: TaskRef = {
    ...placement,
    runId: run.runId,
    logicalDate: run.logicalDate,
    tryNumber,
    maxTries,
  };
  const log = new TaskLog(
    run.startMs,
    durationMs,
    timestampStyle(placement.company, deployment.release.minor),
  );
  // A task that failed after a second cannot have printed hundreds of progress lines.
  const progressLines = Math.min(drawProgressLines(rng), Math.floor(durationMs / 700));
  const context: ScenarioContext = {
    rng,
    log,
    deployment,
    task,
    progressLines,
    progress: { done: 0, total: 0 },
  };
  const preamble = scenario.preamble ?? 'full';
  if (preamble !== 'none') {
    if (chance(rng, 0.22)) writeViewerHeader(context);
    writePreamble(context);
    writeNoise(
      context,
      weighted(rng, [
        [0, 45],
        [rng.int(1, 3), 35],
        [rng.int(4, 9), 20],
      ] as const),
    );
  }
  if (preamble === 'full' || preamble === 'start') writeOperatorStart(context);
  if (preamble === 'full') writeOperatorProgress(context);
  writeClosing(context, scenario.write(context));
  return {
    id: `tf-${(index + 1).toString().padStart(4, '0')}`,
    dag_id: placement.dag.dagId,
    task_id: placement.taskId,
    run_id: run.runId,
    try_number: tryNumber,
    max_tries: maxTries,
    operator: placement.operator,
    hostname: deployment.hostname,
    executor: deployment.executor,
    airflow_version: deployment.airflowVersion,
    logical_date: run.logicalDate.toISOString(),
    start_date: new Date(run.startMs).toISOString(),
    end_date: new Date(run.startMs + durationMs).toISOString(),
    duration_s: durationMs / 1000,
    category,
    log: log.render(),
  };
}

/**
 * Generates the synthetic sample of failed Airflow task attempts: deterministic for a
 * seed, categories in shuffled order, each record drawn from its own forked stream.
 */
export function generateSample(options: GenerateSampleOptions = {}): TaskFailureRecord[] {
  const rng = createRng(options.seed ?? SAMPLE_SEED);
  const counts = options.counts ?? SAMPLE_CATEGORY_COUNTS;
  const categories = FAILURE_CATEGORIES.flatMap((category) =>
    Array.from({ length: counts[category] }, () => category),
  );
  rng.fork('order').shuffle(categories);
  return categories.map((category, index) =>
    buildRecord(rng.fork(`record-${index}`), category, index),
  );
}

/** One JSON object per line, each line ending in `\n`: the format of the bundled file. */
export function toJsonLines(records: readonly TaskFailureRecord[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}
