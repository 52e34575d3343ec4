import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, DataFormatError, InvalidArgumentError } from '../../errors';
import type { TableMetrics } from './column-metrics';

/** One stored run: the metrics of a dataset at a time (deequ's `ResultKey` plus `AnalyzerContext`). */
export interface MetricsRecord {
  /** The dataset name, e.g. `orders.daily`. */
  dataset: string;
  /** When the run's data was taken, as an ISO 8601 string. */
  timestamp: string;
  /** The metrics of that run. */
  metrics: TableMetrics;
}

/** What {@link MetricsRepository.save} takes. */
export interface SaveMetricsInput {
  /** The dataset name. */
  dataset: string;
  /** The run's time; default now. */
  timestamp?: Date | string;
  /** The metrics, from `computeColumnMetrics`. */
  metrics: TableMetrics;
}

/** Time filter of {@link MetricsRepository.load}; both ends inclusive. */
export interface LoadMetricsOptions {
  /** Keep runs at or after this time. */
  after?: Date | string;
  /** Keep runs at or before this time. */
  before?: Date | string;
}

/**
 * A store of metric history, after deequ's `MetricsRepository`: runs are appended, never
 * rewritten, and read back per dataset in time order.
 */
export interface MetricsRepository {
  /** Appends one run and returns the stored record. */
  save(input: SaveMetricsInput): Promise<MetricsRecord>;
  /** The runs of `dataset`, oldest first (ties keep their insertion order). */
  load(dataset: string, options?: LoadMetricsOptions): Promise<MetricsRecord[]>;
}

/** Settings of {@link createMetricsRepository}. */
export interface MetricsRepositorySettings {
  /** The JSON Lines file holding every run, one record a line; created (with its folder) on the first save. No default. */
  path: string;
}

/**
 * A metrics repository kept as a JSON Lines file: each `save` appends one line, so that
 * several runs (and processes, one at a time) add to the same history, and a new
 * repository on the same path reads everything back. A missing file is an empty history.
 *
 * @throws ConfigError when `path` is not a non-empty string.
 *
 * @example
 * ```ts
 * const repository = createMetricsRepository({ path: 'metrics/orders.jsonl' });
 * await repository.save({ dataset: 'orders', metrics: computeColumnMetrics(table) });
 * ```
 */
export function createMetricsRepository(settings: MetricsRepositorySettings): MetricsRepository {
  const path = (settings as Partial<MetricsRepositorySettings> | undefined)?.path;
  if (typeof path !== 'string' || path.length === 0) {
    throw new ConfigError({
      option: 'path',
      source: 'option',
      message: `createMetricsRepository needs a path to a JSON Lines file; got ${JSON.stringify(path)}.`,
    });
  }
  return {
    async save(input) {
      const record = toRecord(input);
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${JSON.stringify(record)}\n`, 'utf8');
      return record;
    },
    async load(dataset, options = {}) {
      return selectRuns(await readRecords(path), dataset, options);
    },
  };
}

/**
 * A metrics repository held in memory (deequ's `InMemoryMetricsRepository`), for tests and
 * short-lived jobs; records are copied in and out, so callers cannot change the history.
 */
export function createInMemoryMetricsRepository(): MetricsRepository {
  const records: MetricsRecord[] = [];
  return {
    async save(input) {
      const record = toRecord(input);
      records.push(structuredClone(record));
      return record;
    },
    async load(dataset, options = {}) {
      return structuredClone(selectRuns(records, dataset, options));
    },
  };
}

function toRecord(input: SaveMetricsInput): MetricsRecord {
  if (typeof input?.dataset !== 'string' || input.dataset.length === 0) {
    throw new InvalidArgumentError({
      argument: 'dataset',
      message: 'save needs a non-empty dataset name.',
    });
  }
  if (typeof input.metrics?.rowCount !== 'number' || typeof input.metrics.columns !== 'object') {
    throw new InvalidArgumentError({
      argument: 'metrics',
      message: 'save needs the metrics of computeColumnMetrics ({ rowCount, columns }).',
    });
  }
  return {
    dataset: input.dataset,
    timestamp: timeOf(input.timestamp ?? new Date(), 'timestamp').toISOString(),
    metrics: input.metrics,
  };
}

function timeOf(value: Date | string, argument: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be a Date or an ISO 8601 string; got ${JSON.stringify(String(value))}.`,
    });
  }
  return date;
}

function selectRuns(
  records: readonly MetricsRecord[],
  dataset: string,
  options: LoadMetricsOptions,
): MetricsRecord[] {
  const after = options.after === undefined ? null : timeOf(options.after, 'after').getTime();
  const before = options.before === undefined ? null : timeOf(options.before, 'before').getTime();
  return records
    .map((record, order) => ({ record, order, time: Date.parse(record.timestamp) }))
    .filter(
      ({ record, time }) =>
        record.dataset === dataset &&
        (after === null || time >= after) &&
        (before === null || time <= before),
    )
    .sort((a, b) => a.time - b.time || a.order - b.order)
    .map(({ record }) => record);
}

async function readRecords(path: string): Promise<MetricsRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: MetricsRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      throw new DataFormatError({
        format: 'jsonl',
        line: index + 1,
        message: `Line ${index + 1} of the metrics file ${path} is not JSON; repair or remove that line.`,
        cause,
      });
    }
    if (!isRecord(parsed)) {
      throw new DataFormatError({
        format: 'jsonl',
        line: index + 1,
        message: `Line ${index + 1} of the metrics file ${path} is not a metrics record ({ dataset, timestamp, metrics }).`,
      });
    }
    records.push(parsed);
  });
  return records;
}

function isRecord(value: unknown): value is MetricsRecord {
  const record = value as Partial<MetricsRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.dataset === 'string' &&
    typeof record.timestamp === 'string' &&
    typeof record.metrics === 'object' &&
    record.metrics !== null
  );
}
