import { InvalidArgumentError } from '@dagnostics/core';
import {
  type ArtifactEntry,
  type DownloadArtifactsOptions,
  downloadArtifacts,
  type ListArtifactsOptions,
  listArtifacts,
  type UploadArtifactOptions,
  uploadArtifact,
} from '../artifacts';
import type { JournalDatasetInput, JournalRecord } from '../journal/records';
import type { MlflowTransport } from '../transport';
import { splitIntoBatches } from './batcher';
import { type MetricOptions, RunBuffer } from './run-buffer';
import type { RunSender } from './run-sender';

/** A dataset logged as a run input (MLflow's DatasetInput). */
export interface DatasetInput {
  /** Dataset name, e.g. `airflow-failures`. */
  name: string;
  /** Content digest; DAGnostics uses the DVC md5 of the data. At most 36 characters. */
  digest: string;
  /** Where it lives, e.g. a path or URL (MLflow stores it as JSON text when you pass an object). */
  source: string | Record<string, unknown>;
  /** Kind of source: `local`, `http`, `s3`, `dvc`… Default `local`. */
  sourceType?: string;
  /** Schema as JSON text or an object (e.g. an MLflow tensor/column spec). */
  schema?: string | Record<string, unknown>;
  /** Profile as JSON text or an object (row count, etc.). */
  profile?: string | Record<string, unknown>;
  /** `training`, `validation`, `test`… stored as input tag `mlflow.data.context`. */
  context?: string;
}

/** Final status of a run. */
export type RunEndStatus = 'FINISHED' | 'FAILED' | 'KILLED';

/** Internal hooks a run needs from its tracker. */
export interface RunHost {
  appendDurably(records: JournalRecord[]): Promise<void>;
  nextSeq(): number;
  /** Called as `end()` begins, before the final flush (stops samplers feeding the run). */
  beforeEnd(run: Run): Promise<void>;
  /** Called when the run ends, so the tracker stops flushing it. */
  release(run: Run): void;
  flushIntervalMs: number;
  truncateLongValues: boolean;
  /** The server connection; undefined with the local store. */
  transport: MlflowTransport | undefined;
}

function asText(value: string | Record<string, unknown> | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A tracked run. Logging calls are synchronous: values are validated at once and then
 * journaled (fsync per batch) and sent in the background; `flush()` and `end()` wait for
 * everything to reach the server. Create runs with `tracker.startRun()`.
 */
export class Run {
  /** The run's id on the tracking server (the local id when tracking to the local store). */
  readonly id: string;
  /** The client's id of the run, stored as tag `dagnostics.localRunId`. */
  readonly localId: string;
  /** The experiment's id on the server, or undefined with the local store. */
  readonly experimentId: string | undefined;
  /** The run's artifact root URI, or undefined with the local store. */
  readonly artifactUri: string | undefined;

  readonly #host: RunHost;
  readonly #sender: RunSender | undefined;
  readonly #buffer: RunBuffer;
  #timer: NodeJS.Timeout | undefined;
  #sealing: Promise<void> = Promise.resolve();
  #journalError: unknown;
  #ended = false;

  /** @internal */
  constructor(init: {
    id: string;
    localId: string;
    experimentId?: string;
    artifactUri?: string;
    host: RunHost;
    sender?: RunSender;
  }) {
    this.id = init.id;
    this.localId = init.localId;
    this.experimentId = init.experimentId;
    this.artifactUri = init.artifactUri;
    this.#host = init.host;
    this.#sender = init.sender;
    this.#buffer = new RunBuffer({ truncateLongValues: init.host.truncateLongValues });
  }

  /** True once `end()` was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Logs one metric point. `step` defaults to 0 and `timestamp` to now (ms). */
  logMetric(key: string, value: number, options?: MetricOptions): void {
    this.#assertOpen();
    this.#buffer.addMetric(key, value, options);
    this.#schedule();
  }

  /** Logs several metrics at the same step and timestamp. */
  logMetrics(values: Readonly<Record<string, number>>, options: MetricOptions = {}): void {
    this.#assertOpen();
    // One options object for all the keys, not one per point.
    const pointOptions: MetricOptions = { ...options, timestamp: options.timestamp ?? Date.now() };
    for (const [key, value] of Object.entries(values)) {
      this.#buffer.addMetric(key, value, pointOptions);
    }
    this.#schedule();
  }

  /** Logs params (write-once in MLflow: the same value again is fine, another value throws). */
  logParams(values: Readonly<Record<string, unknown>>): void {
    this.#assertOpen();
    for (const [key, value] of Object.entries(values)) this.#buffer.addParam(key, value);
    this.#schedule();
  }

  /** Sets tags (last write wins). */
  setTags(values: Readonly<Record<string, unknown>>): void {
    this.#assertOpen();
    for (const [key, value] of Object.entries(values)) this.#buffer.addTag(key, value);
    this.#schedule();
  }

  /** Logs dataset inputs of the run (MLflow's log-inputs). */
  async logInput(dataset: DatasetInput | readonly DatasetInput[]): Promise<void> {
    this.#assertOpen();
    const datasets: JournalDatasetInput[] = (Array.isArray(dataset) ? dataset : [dataset]).map(
      (item: DatasetInput) => {
        const schema = asText(item.schema);
        const profile = asText(item.profile);
        return {
          name: item.name,
          digest: item.digest,
          sourceType: item.sourceType ?? 'local',
          source: asText(item.source) ?? '',
          ...(schema === undefined ? {} : { schema }),
          ...(profile === undefined ? {} : { profile }),
          tags:
            item.context === undefined ? [] : [{ key: 'mlflow.data.context', value: item.context }],
        };
      },
    );
    await this.#seal();
    const record = {
      type: 'inputs' as const,
      seq: this.#host.nextSeq(),
      localRunId: this.localId,
      datasets,
    };
    await this.#host.appendDurably([record]);
    this.#sender?.submit(record);
  }

  /**
   * Uploads a local file or folder (recursively), or bytes (give `options.fileName`), under
   * `artifactPath` of the run's artifacts, through MLflow's artifact proxy. Files are
   * streamed. Resolves with the artifact paths written.
   */
  logArtifact(
    source: string | Uint8Array,
    artifactPath?: string,
    options: Omit<UploadArtifactOptions, 'artifactPath'> = {},
  ): Promise<string[]> {
    const { transport, artifactUri } = this.#remote('logArtifact');
    return uploadArtifact(transport, artifactUri, source, {
      ...options,
      ...(artifactPath === undefined ? {} : { artifactPath }),
    });
  }

  /** The run's artifacts directly under `path` (the root by default). */
  listArtifacts(path?: string, options?: ListArtifactsOptions): Promise<ArtifactEntry[]> {
    const { transport, artifactUri } = this.#remote('listArtifacts');
    return listArtifacts(transport, artifactUri, path, options);
  }

  /** Downloads the run's artifacts (all, or `options.artifactPath`) into `options.destination`. */
  downloadArtifacts(options: DownloadArtifactsOptions): Promise<string[]> {
    const { transport, artifactUri } = this.#remote('downloadArtifacts');
    return downloadArtifacts(transport, artifactUri, options);
  }

  /**
   * Journals everything logged so far and waits until the server has it (with the local
   * store: until it is on disk). Rejects with the first error that made an operation
   * fail for good; the data stays in the journal.
   */
  async flush(): Promise<void> {
    await this.#seal();
    await this.#sender?.drain();
    if (this.#journalError !== undefined) throw this.#journalError;
    const failure = this.#sender?.failures[0];
    if (failure !== undefined) throw failure;
  }

  /** Ends the run with `status` (default FINISHED) after a flush. Idempotent. */
  async end(status: RunEndStatus = 'FINISHED'): Promise<void> {
    if (this.#ended) return this.flush();
    await this.#host.beforeEnd(this);
    this.#ended = true;
    await this.#seal();
    const record = {
      type: 'run-end' as const,
      seq: this.#host.nextSeq(),
      localRunId: this.localId,
      status,
      endTimeMs: Date.now(),
    };
    await this.#host.appendDurably([record]);
    this.#sender?.submit(record);
    this.#host.release(this);
    await this.flush();
  }

  /** @internal Journals and submits buffered data now. */
  seal(): Promise<void> {
    return this.#seal();
  }

  #remote(method: string): { transport: MlflowTransport; artifactUri: string } {
    const transport = this.#host.transport;
    if (transport === undefined || this.artifactUri === undefined) {
      throw new InvalidArgumentError({
        message: `run.${method}() needs a tracking server with --serve-artifacts; this run is in the local store. Set trackingUri (or MLFLOW_TRACKING_URI).`,
        argument: 'run',
      });
    }
    return { transport, artifactUri: this.artifactUri };
  }

  #assertOpen(): void {
    if (this.#ended) {
      throw new Error(`Run ${this.id} has ended; start a new run to log more.`);
    }
  }

  #schedule(): void {
    if (this.#buffer.metrics.length >= 1000) {
      void this.#seal();
      return;
    }
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.#seal();
      }, this.#host.flushIntervalMs);
      this.#timer.unref();
    }
  }

  #seal(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // Seals run one after another so that journal order equals logging order.
    this.#sealing = this.#sealing.then(async () => {
      if (this.#buffer.size === 0) return;
      const { metrics, params, tags } = this.#buffer.take();
      const records = splitIntoBatches(metrics, params, tags).map((batch) => ({
        type: 'batch' as const,
        seq: this.#host.nextSeq(),
        localRunId: this.localId,
        ...batch,
      }));
      try {
        await this.#host.appendDurably(records);
      } catch (error) {
        // The journal failed (disk full, say): still send what we have, and report the
        // journal error from flush() and end(), since durability is no longer assured.
        this.#journalError ??= error;
      }
      for (const record of records) this.#sender?.submit(record);
    });
    return this.#sealing;
  }
}
