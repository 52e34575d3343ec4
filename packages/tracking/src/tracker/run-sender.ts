import { abortableSleep } from '@dagnostics/core';
import PQueue from 'p-queue';
import type { TrackingBackend } from '../backend/tracking-backend';
import type {
  AckRecord,
  InputsRecord,
  JournalKeyValue,
  JournalOperation,
  RunEndRecord,
  RunStartRecord,
} from '../journal/records';
import { classifyFailure, senderBackoffMs } from './failure';
import { type PackedMetrics, packMetrics, unpackMetrics } from './packed-metrics';
import { missingMetrics } from './reconcile';

/** Where acknowledgements go (the journal writer's lazy append). */
export type AckSink = (acks: AckRecord[]) => Promise<void>;

/** Options of a {@link RunSender}. */
export interface RunSenderOptions {
  backend: TrackingBackend;
  acknowledge: AckSink;
  /** Metric-only batches in flight at once for this run. Default 4. */
  metricConcurrency?: number;
  /** Called for each failure that will be retried, and for each permanent one. */
  onError?: (error: unknown, context: { seq: number; willRetry: boolean }) => void;
  /** Stops retrying: pending records stay in the journal for a later sync. */
  signal?: AbortSignal;
  /** Sleep, injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The server ids of a run, known once its run-start is acknowledged. */
export interface ServerRun {
  runId: string;
  experimentId: string;
  artifactUri: string;
}

/**
 * Sends one run's journaled operations to the server, in an order that keeps MLflow's
 * semantics: the run is created first; params, tags and inputs go one at a time in the
 * order they were logged (tags are last-write-wins); metric-only batches, which MLflow
 * stores append-only, go `metricConcurrency` at a time; the run ends after everything
 * else. Each operation is retried until it succeeds or fails for good; a retry after an
 * unknown outcome first asks the server which metric points already landed, so no point
 * is stored twice. Acknowledged operations are recorded through `acknowledge`.
 */
export class RunSender {
  readonly #options: Required<Pick<RunSenderOptions, 'backend' | 'acknowledge' | 'sleep'>> &
    RunSenderOptions;
  readonly #metricQueue: PQueue;
  #serverRun: Promise<ServerRun> | undefined;
  #orderedTail: Promise<void> = Promise.resolve();
  readonly #pending = new Set<Promise<void>>();
  readonly #failures: unknown[] = [];

  constructor(options: RunSenderOptions) {
    this.#options = { sleep: abortableSleep, ...options };
    this.#metricQueue = new PQueue({ concurrency: options.metricConcurrency ?? 4 });
  }

  /** Server ids of the run; rejects if the run could not be created. */
  get serverRun(): Promise<ServerRun> {
    if (this.#serverRun === undefined) {
      return Promise.reject(new Error('RunSender: the run-start record has not been submitted'));
    }
    return this.#serverRun;
  }

  /** Errors that made an operation fail for good (it stays in the journal). */
  get failures(): readonly unknown[] {
    return this.#failures;
  }

  /** Starts from a server run that is already known (replay after a crash). */
  adoptServerRun(run: ServerRun): void {
    this.#serverRun = Promise.resolve(run);
  }

  /** Queues one journaled operation of this run. */
  submit(record: JournalOperation): void {
    switch (record.type) {
      case 'run-start':
        this.#serverRun = this.#startRun(record);
        this.#track(this.#serverRun.then(() => undefined));
        return;
      case 'batch':
        this.#submitBatch(record.seq, packMetrics(record.metrics), record.params, record.tags);
        return;
      case 'inputs':
        this.#chain(() => this.#sendInputs(record));
        return;
      case 'run-end': {
        const before = [...this.#pending];
        this.#track(
          Promise.allSettled(before).then(() =>
            this.#send(record.seq, (run) => this.#endRun(run, record)),
          ),
        );
        return;
      }
    }
  }

  /** Resolves when every submitted operation has been acknowledged or has failed for good. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) {
      await Promise.allSettled([...this.#pending]);
    }
  }

  /**
   * Queues a batch whose metrics are packed. A method of its own, so that the queued
   * closure holds only the packed points: a closure created in `submit` would keep the
   * whole record (and one object per point) alive through `submit`'s shared context.
   */
  #submitBatch(
    seq: number,
    metrics: PackedMetrics,
    params: JournalKeyValue[],
    tags: JournalKeyValue[],
  ): void {
    if (params.length === 0 && tags.length === 0) {
      this.#track(
        this.#metricQueue.add(() => this.#sendBatch(seq, metrics, params, tags)) as Promise<void>,
      );
    } else {
      this.#chain(() => this.#sendBatch(seq, metrics, params, tags));
    }
  }

  #track(task: Promise<void>): void {
    const tracked = task.catch((error: unknown) => {
      this.#failures.push(error);
    });
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  #chain(work: () => Promise<void>): void {
    const next = this.#orderedTail.then(work, work);
    this.#orderedTail = next.catch(() => undefined);
    this.#track(next);
  }

  async #startRun(record: RunStartRecord): Promise<ServerRun> {
    const { backend } = this.#options;
    const signal = this.#options.signal;
    let experimentId: string | undefined;
    let mayExist = false;
    for (let attempt = 1; ; attempt++) {
      try {
        experimentId ??= await backend.ensureExperiment(record.experimentName, signal);
        const existing = mayExist
          ? await backend.findRunByLocalId(experimentId, record.localRunId, signal)
          : undefined;
        const run =
          existing ??
          (await backend.createRun(
            {
              experimentId,
              ...(record.runName === undefined ? {} : { runName: record.runName }),
              startTimeMs: record.startTimeMs,
              tags: record.tags,
            },
            signal,
          ));
        const serverRun = { runId: run.runId, experimentId, artifactUri: run.artifactUri };
        await this.#options.acknowledge([
          {
            type: 'ack',
            seq: record.seq,
            serverRunId: run.runId,
            serverExperimentId: experimentId,
          },
        ]);
        return serverRun;
      } catch (error) {
        const verdict = classifyFailure(error);
        mayExist ||= verdict.outcomeUnknown;
        await this.#afterFailure(error, record.seq, attempt, verdict.retryable);
      }
    }
  }

  /** Sends a batch; the plain metric objects exist only during an attempt. */
  async #sendBatch(
    seq: number,
    packed: PackedMetrics,
    params: JournalKeyValue[],
    tags: JournalKeyValue[],
  ): Promise<void> {
    let pending = packed;
    let reconcile = false;
    await this.#send(
      seq,
      async (run) => {
        let metrics = unpackMetrics(pending);
        if (reconcile && metrics.length > 0) {
          metrics = await missingMetrics(
            this.#options.backend,
            run.runId,
            metrics,
            this.#options.signal,
          );
          pending = packMetrics(metrics);
        }
        await this.#options.backend.logBatch(
          run.runId,
          { metrics, params, tags },
          this.#options.signal,
        );
      },
      () => {
        reconcile = true;
      },
    );
  }

  #sendInputs(record: InputsRecord): Promise<void> {
    return this.#send(record.seq, (run) =>
      this.#options.backend.logInputs(run.runId, record.datasets, this.#options.signal),
    );
  }

  #endRun(run: ServerRun, record: RunEndRecord): Promise<void> {
    return this.#options.backend.endRun(
      run.runId,
      record.status,
      record.endTimeMs,
      this.#options.signal,
    );
  }

  async #send(
    seq: number,
    attemptOnce: (run: ServerRun) => Promise<void>,
    onUnknownOutcome?: () => void,
  ): Promise<void> {
    const run = await this.serverRun;
    for (let attempt = 1; ; attempt++) {
      try {
        await attemptOnce(run);
        await this.#options.acknowledge([{ type: 'ack', seq }]);
        return;
      } catch (error) {
        const verdict = classifyFailure(error);
        if (verdict.outcomeUnknown) onUnknownOutcome?.();
        await this.#afterFailure(error, seq, attempt, verdict.retryable);
      }
    }
  }

  async #afterFailure(
    error: unknown,
    seq: number,
    attempt: number,
    retryable: boolean,
  ): Promise<void> {
    const willRetry = retryable && this.#options.signal?.aborted !== true;
    this.#options.onError?.(error, { seq, willRetry });
    if (!willRetry) throw error;
    await this.#options.sleep(senderBackoffMs(attempt), this.#options.signal);
  }
}
