import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@dagnostics/core';
import { createMlflowBackend, createMlflowClient } from '../backend/mlflow-backend';
import { specRetrySafety } from '../backend/retry-safety';
import type { TrackingBackend } from '../backend/tracking-backend';
import { type JournalWriter, openJournalWriter } from '../journal';
import type { RunStartRecord } from '../journal/records';
import { createLocalStore } from '../local-store';
import {
  createSystemMetricsSampler,
  type SystemMetricsSampler,
  type SystemMetricsSamplerSettings,
} from '../system-metrics';
import {
  createTransport,
  type MlflowTransport,
  type TrackingSettings,
  trackingSettings,
} from '../transport';
import { Run, type RunHost } from './run';
import {
  createLocalRunReader,
  createServerRunReader,
  type RunReader,
  type TrackerSearchRunsOptions,
} from './run-reader';
import type { MetricPoint, RunRecord } from './run-record';
import { RunSender } from './run-sender';
import { standardRunTags } from './standard-tags';
import { type TrackerOwnSettings, trackerOwnSettings } from './tracker-settings';

/** Everything `createTracker` accepts: connection settings and tracker settings. */
export type CreateTrackerSettings = Partial<TrackingSettings> & Partial<TrackerOwnSettings>;

/** Options of `tracker.startRun()`. */
export interface StartRunOptions {
  /** Experiment name; created on the server when missing. */
  experimentName: string;
  /** Run name (tag `mlflow.runName`); the server picks one when absent. */
  runName?: string;
  /** Extra tags; they win over the standard ones. */
  tags?: Readonly<Record<string, string>>;
  /** Server id of the parent run (tag `mlflow.parentRunId`). */
  parentRunId?: string;
  /** Log the whole environment (core's captureEnvironment) as `dagnostics.env.*` tags. */
  captureEnvironment?: boolean;
  /**
   * Log CPU, memory, disk, network and GPU metrics under MLflow's `system/...` names
   * while the run is open (`true` for the defaults: every 10 s). Default false.
   */
  systemMetrics?:
    | boolean
    | Pick<
        SystemMetricsSamplerSettings,
        'intervalMs' | 'samplesBeforeLogging' | 'nodeId' | 'diskPath' | 'gpu'
      >;
  /** Stops waiting for the server to create the run. */
  signal?: AbortSignal;
}

/** A tracker: starts runs and keeps their data until the server has it. */
export interface Tracker {
  /** The tracking server, or undefined when runs go to the local store. */
  readonly trackingUri: string | undefined;
  /** The local folder of the journal and the local store. */
  readonly localDir: string;
  /** Starts a run; with a server, resolves once the server has created it. */
  startRun(options: StartRunOptions): Promise<Run>;
  /** Waits until every run's data is on the server (or on disk with the local store). */
  flush(): Promise<void>;
  /** A run by id (server id, or local id with the local store). */
  getRun(runId: string, options?: { signal?: AbortSignal }): Promise<RunRecord>;
  /** Every point of metric `key` of a run. */
  getMetricHistory(
    runId: string,
    key: string,
    options?: { signal?: AbortSignal },
  ): Promise<MetricPoint[]>;
  /** Runs matching a filter, page by page, as an async iterator. */
  searchRuns(options: TrackerSearchRunsOptions): AsyncGenerator<RunRecord>;
  /** Ends open runs as FINISHED, flushes, closes the journal and the connections. */
  close(): Promise<void>;
}

/**
 * Creates a tracker. Without a tracking URI (setting `trackingUri` or
 * MLFLOW_TRACKING_URI), runs go to the local store in `localDir`.
 *
 * @example
 * ```ts
 * const tracker = createTracker({ trackingUri: 'http://127.0.0.1:5000' });
 * const run = await tracker.startRun({ experimentName: 'log-classifier', runName: 'baseline' });
 * run.logParams({ learningRate: 0.01 });
 * for (let step = 0; step < 100; step++) run.logMetric('loss', 1 / (step + 1), { step });
 * await run.end();
 * await tracker.close();
 * ```
 */
export function createTracker(settings: CreateTrackerSettings = {}): Tracker {
  const connectionKeys = new Set(Object.keys(trackingSettings.schema().shape));
  const connectionInput: Record<string, unknown> = {};
  const ownInput: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    (connectionKeys.has(key) ? connectionInput : ownInput)[key] = value;
  }
  const connection = trackingSettings.resolve(connectionInput);
  const own = trackerOwnSettings.resolve(ownInput);
  return new DefaultTracker(connection, own);
}

class DefaultTracker implements Tracker {
  readonly trackingUri: string | undefined;
  readonly localDir: string;
  readonly #connection: TrackingSettings;
  readonly #own: TrackerOwnSettings;
  readonly #runs = new Set<Run>();
  readonly #senders = new Set<RunSender>();
  #transport: MlflowTransport | undefined;
  #backend: TrackingBackend | undefined;
  #journal: Promise<JournalWriter> | undefined;
  #reader: RunReader | undefined;
  readonly #samplers = new Map<Run, SystemMetricsSampler>();
  #signalHandlersInstalled = false;
  #closed = false;

  constructor(connection: TrackingSettings, own: TrackerOwnSettings) {
    this.#connection = connection;
    this.#own = own;
    this.trackingUri = connection.trackingUri;
    this.localDir = resolve(own.localDir);
  }

  async startRun(options: StartRunOptions): Promise<Run> {
    if (this.#closed) {
      throw new InvalidArgumentError({
        message: 'This tracker is closed; create a new one with createTracker().',
        argument: 'tracker',
      });
    }
    if (typeof options.experimentName !== 'string' || options.experimentName.trim() === '') {
      throw new InvalidArgumentError({
        message: 'startRun needs a non-empty experimentName.',
        argument: 'experimentName',
      });
    }
    const journal = await this.#openJournal();
    const backend = this.#getBackend();
    const localRunId = randomUUID().replaceAll('-', '');
    const tags = await standardRunTags({
      localRunId,
      ...(options.runName === undefined ? {} : { runName: options.runName }),
      ...(options.parentRunId === undefined ? {} : { parentRunId: options.parentRunId }),
      captureEnvironment: options.captureEnvironment ?? false,
      userTags: options.tags ?? {},
    });
    const record: RunStartRecord = {
      type: 'run-start',
      seq: journal.nextSeq(),
      localRunId,
      experimentName: options.experimentName,
      ...(options.runName === undefined ? {} : { runName: options.runName }),
      startTimeMs: Date.now(),
      tags,
      ...(options.parentRunId === undefined ? {} : { parentRunId: options.parentRunId }),
    };
    await journal.append([record]);

    const host: RunHost = {
      appendDurably: (records) => journal.append(records),
      nextSeq: () => journal.nextSeq(),
      beforeEnd: async (run) => {
        const sampler = this.#samplers.get(run);
        this.#samplers.delete(run);
        await sampler?.stop();
      },
      release: (run) => this.#runs.delete(run),
      flushIntervalMs: this.#own.flushIntervalMs,
      truncateLongValues: this.#own.truncateLongValues,
      transport: this.#transport,
    };
    let run: Run;
    if (backend === undefined) {
      run = new Run({ id: localRunId, localId: localRunId, host });
    } else {
      const sender = new RunSender({
        backend,
        acknowledge: (acks) => journal.appendLazy(acks),
        metricConcurrency: this.#own.metricConcurrency,
      });
      this.#senders.add(sender);
      sender.submit(record);
      const serverRun = await raceAbort(sender.serverRun, options.signal);
      run = new Run({
        id: serverRun.runId,
        localId: localRunId,
        experimentId: serverRun.experimentId,
        artifactUri: serverRun.artifactUri,
        host,
        sender,
      });
    }
    this.#runs.add(run);
    this.#installSignalHandlers();
    if (options.systemMetrics !== undefined && options.systemMetrics !== false) {
      this.#startSystemMetrics(run, options.systemMetrics === true ? {} : options.systemMetrics);
    }
    return run;
  }

  getRun(runId: string, options: { signal?: AbortSignal } = {}): Promise<RunRecord> {
    return this.#getReader().getRun(runId, options.signal);
  }

  getMetricHistory(
    runId: string,
    key: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<MetricPoint[]> {
    return this.#getReader().getMetricHistory(runId, key, options.signal);
  }

  searchRuns(options: TrackerSearchRunsOptions): AsyncGenerator<RunRecord> {
    return this.#getReader().searchRuns(options);
  }

  #getReader(): RunReader {
    if (this.#reader === undefined) {
      const backend = this.#getBackend();
      this.#reader =
        backend === undefined || this.#transport === undefined
          ? createLocalRunReader(createLocalStore({ directory: this.localDir }))
          : createServerRunReader(createMlflowClient(this.#transport), backend);
    }
    return this.#reader;
  }

  #startSystemMetrics(
    run: Run,
    settings: Pick<
      SystemMetricsSamplerSettings,
      'intervalMs' | 'samplesBeforeLogging' | 'nodeId' | 'diskPath' | 'gpu'
    >,
  ): void {
    const sampler = createSystemMetricsSampler({
      ...settings,
      onMetrics: (sample) => {
        if (!run.ended)
          run.logMetrics(sample.metrics, { step: sample.step, timestamp: sample.timestampMs });
      },
    });
    this.#samplers.set(run, sampler);
    sampler.start();
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#runs].map((run) => run.seal()));
    await Promise.all([...this.#senders].map((sender) => sender.drain()));
    const failure = [...this.#senders].flatMap((sender) => sender.failures)[0];
    if (failure !== undefined) throw failure;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await Promise.all([...this.#runs].map((run) => run.end('FINISHED')));
      await this.flush();
    } finally {
      this.#removeSignalHandlers();
      if (this.#journal !== undefined) await (await this.#journal).close();
      await this.#transport?.close();
    }
  }

  #openJournal(): Promise<JournalWriter> {
    this.#journal ??= openJournalWriter({
      directory: this.localDir,
      ...(this.trackingUri === undefined ? {} : { trackingUri: this.trackingUri }),
    });
    return this.#journal;
  }

  #getBackend(): TrackingBackend | undefined {
    if (this.trackingUri === undefined) return undefined;
    if (this.#backend === undefined) {
      this.#transport = createTransport(this.#connection, { classifyRetrySafety: specRetrySafety });
      this.#backend = createMlflowBackend(this.#transport);
    }
    return this.#backend;
  }

  readonly #onSignal = (signal: NodeJS.Signals) => {
    this.#removeSignalHandlers();
    void Promise.allSettled([...this.#runs].map((run) => run.end('KILLED'))).finally(() => {
      process.kill(process.pid, signal);
    });
  };

  readonly #onUncaught = (error: Error) => {
    this.#removeSignalHandlers();
    void Promise.allSettled([...this.#runs].map((run) => run.end('FAILED'))).finally(() => {
      // Rethrow outside the handler so Node reports it and exits as it would have.
      setImmediate(() => {
        throw error;
      });
    });
  };

  #installSignalHandlers(): void {
    if (!this.#own.handleSignals || this.#signalHandlersInstalled) return;
    this.#signalHandlersInstalled = true;
    process.once('SIGINT', this.#onSignal);
    process.once('SIGTERM', this.#onSignal);
    process.once('uncaughtException', this.#onUncaught);
  }

  #removeSignalHandlers(): void {
    if (!this.#signalHandlersInstalled) return;
    this.#signalHandlersInstalled = false;
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
    process.off('uncaughtException', this.#onUncaught);
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
