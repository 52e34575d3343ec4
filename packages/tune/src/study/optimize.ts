import { InvalidArgumentError } from '@dagnostics/core';
import { TrialPrunedError } from '../errors';
import type { Trial } from '../trial/trial';
import type { FrozenTrial } from '../types';
import type { TellResult } from './tell-result';

/** What an objective returns: one value per objective, or a promise of it. */
export type ObjectiveResult = number | readonly number[];

/** The function `optimize` evaluates; throw `TrialPrunedError` to prune. */
export type Objective = (trial: Trial) => ObjectiveResult | Promise<ObjectiveResult>;

/** Called after each trial of `optimize` is stored, with the trial as stored. */
export type OptimizeCallback<S> = (study: S, trial: FrozenTrial) => void | Promise<void>;

/** Settings for `study.optimize`. */
export interface OptimizeOptions<S> {
  /** Trials to run in this call. Default: no limit (stop with `timeoutMs`, `signal`, `study.stop()` or an exhausted GridSampler). */
  readonly nTrials?: number;
  /** Start no trial once this many milliseconds have passed; running trials finish. Default: no limit. */
  readonly timeoutMs?: number;
  /** Objectives evaluated at once in this process. Default 1. */
  readonly concurrency?: number;
  /**
   * Aborts the optimization: no new trial starts, running trials see `trial.signal`
   * aborted and are stored FAIL at once, and `optimize` rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
  /** Run after each trial is stored, in order, awaited. Default none. */
  readonly callbacks?: readonly OptimizeCallback<S>[];
  /**
   * Which objective errors fail the trial and let the study go on. Default: every error
   * (the trial is stored FAIL with `fail_reason` and the next one starts). Given a list of
   * error classes or a predicate, any other error is rethrown once its trial is stored
   * FAIL, as Optuna's `catch` does.
   */
  readonly catch?:
    | readonly (abstract new (
        ...args: never[]
      ) => unknown)[]
    | ((error: unknown) => boolean);
  /** Per-trial limit in milliseconds: the trial's signal is aborted and the trial stored FAIL. Default: none. */
  readonly trialTimeoutMs?: number;
  /**
   * With a storage that records heartbeats (journal file, Redis): record one for each
   * running trial every this many milliseconds, and before each trial store FAIL every
   * RUNNING trial whose heartbeat is older than `gracePeriodMs` (a crashed worker's
   * trial), as Optuna's `heartbeat_interval` does. Default: no heartbeats.
   */
  readonly heartbeatIntervalMs?: number;
  /** How old a heartbeat may be before its trial counts as stale. Default: twice `heartbeatIntervalMs`. */
  readonly gracePeriodMs?: number;
}

/** Internal: what `runOptimize` needs from the study. */
export interface OptimizeHost<S> {
  readonly study: S;
  ask(signal: AbortSignal): Promise<Trial>;
  tell(trial: Trial, result: TellResult): Promise<FrozenTrial>;
  /** True once `study.stop()` was called or the sampler is exhausted. */
  shouldStop(): Promise<boolean>;
  /** Records a heartbeat for a running trial; absent when the storage has none. */
  recordHeartbeat?: (trialId: number) => Promise<void>;
  /** Stores FAIL the RUNNING trials whose heartbeat is older than `gracePeriodMs`. */
  failStaleTrials?: (gracePeriodMs: number) => Promise<unknown>;
}

class Cancelled {
  constructor(readonly reason: string) {}
}

function checkCount(name: string, value: number | undefined, minimum: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= minimum)) {
    throw new InvalidArgumentError({
      argument: name,
      message: `${name} must be an integer >= ${minimum}, got ${value}.`,
    });
  }
}

function checkDuration(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0)) {
    throw new InvalidArgumentError({
      argument: name,
      message: `${name} must be a number of milliseconds >= 0, got ${value}.`,
    });
  }
}

function isCaught<S>(error: unknown, option: OptimizeOptions<S>['catch']): boolean {
  if (option === undefined) return true;
  if (typeof option === 'function') return option(error);
  return option.some((errorClass) => error instanceof errorClass);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Runs `objective` over new trials, `concurrency` at a time, until `nTrials` have started,
 * `timeoutMs` has passed, the study is stopped, or `signal` aborts.
 */
export async function runOptimize<S>(
  host: OptimizeHost<S>,
  objective: Objective,
  options: OptimizeOptions<S>,
): Promise<void> {
  const { nTrials, timeoutMs, signal, trialTimeoutMs, callbacks = [] } = options;
  const concurrency = options.concurrency ?? 1;
  checkCount('nTrials', nTrials, 0);
  checkCount('concurrency', concurrency, 1);
  checkDuration('timeoutMs', timeoutMs);
  checkDuration('trialTimeoutMs', trialTimeoutMs);
  checkDuration('heartbeatIntervalMs', options.heartbeatIntervalMs);
  checkDuration('gracePeriodMs', options.gracePeriodMs);
  signal?.throwIfAborted();
  const heartbeatIntervalMs =
    host.recordHeartbeat === undefined ? undefined : options.heartbeatIntervalMs;
  const gracePeriodMs =
    heartbeatIntervalMs === undefined
      ? undefined
      : (options.gracePeriodMs ?? 2 * heartbeatIntervalMs);

  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
  let started = 0;
  let firstError: { error: unknown } | null = null;

  const mayStart = (): boolean =>
    firstError === null &&
    signal?.aborted !== true &&
    (nTrials === undefined || started < nTrials) &&
    Date.now() < deadline;

  const runOne = async (): Promise<void> => {
    const controller = new AbortController();
    const onStudyAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onStudyAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    try {
      if (gracePeriodMs !== undefined) await host.failStaleTrials?.(gracePeriodMs);
      const trial = await host.ask(controller.signal);
      if (heartbeatIntervalMs !== undefined && host.recordHeartbeat !== undefined) {
        const record = host.recordHeartbeat;
        await record(trial.trialId);
        // A missed beat is not fatal: the next one (or the grace period) covers it.
        heartbeat = setInterval(
          () => record(trial.trialId).catch(() => undefined),
          heartbeatIntervalMs,
        );
      }
      const cancelled = new Promise<Cancelled>((resolve) => {
        const cancel = (reason: string): void => resolve(new Cancelled(reason));
        if (trialTimeoutMs !== undefined) {
          timer = setTimeout(() => {
            const reason = `Trial ${trial.number} timed out after ${trialTimeoutMs} ms.`;
            // Resolve first: the abort listener below would otherwise win with a generic reason.
            cancel(reason);
            controller.abort(new DOMException(reason, 'TimeoutError'));
          }, trialTimeoutMs);
        }
        controller.signal.addEventListener(
          'abort',
          () =>
            cancel(`Trial ${trial.number} was aborted: ${describeError(controller.signal.reason)}`),
          { once: true },
        );
        if (controller.signal.aborted) {
          cancel(`Trial ${trial.number} was aborted: ${describeError(controller.signal.reason)}`);
        }
      });
      const evaluation = new Promise<ObjectiveResult>((resolve) => resolve(objective(trial)));
      let stored: FrozenTrial;
      let rethrow: { error: unknown } | null = null;
      try {
        const outcome = await Promise.race([evaluation, cancelled]);
        stored =
          outcome instanceof Cancelled
            ? await host.tell(trial, { state: 'FAIL', failReason: outcome.reason })
            : await host.tell(trial, outcome);
      } catch (error) {
        if (trial.finished) throw error;
        if (TrialPrunedError.isInstance(error)) {
          stored = await host.tell(trial, { state: 'PRUNED' });
        } else {
          stored = await host.tell(trial, {
            state: 'FAIL',
            failReason: `Trial ${trial.number} failed because of the following error: ${describeError(error)}`,
          });
          if (!isCaught(error, options.catch)) rethrow = { error };
        }
      }
      for (const callback of callbacks) await callback(host.study, stored);
      if (rethrow !== null) throw rethrow.error;
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
      signal?.removeEventListener('abort', onStudyAbort);
    }
  };

  const worker = async (): Promise<void> => {
    while (mayStart()) {
      // Reserve the slot before awaiting, so that concurrent workers never exceed nTrials.
      started += 1;
      if (await host.shouldStop()) return;
      try {
        await runOne();
      } catch (error) {
        firstError ??= { error };
      }
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  if (firstError !== null) throw (firstError as { error: unknown }).error;
  signal?.throwIfAborted();
}
