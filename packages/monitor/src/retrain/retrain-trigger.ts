import { InvalidArgumentError } from '@dagnostics/core';

/** A condition that calls for retraining, e.g. dataset drift or decayed accuracy. */
export interface RetrainCondition {
  /** Name used in the reason, e.g. `dataset-drift`. */
  name: string;
  /** Whether the condition holds now. */
  holds: () => boolean | Promise<boolean>;
}

/** Why the trigger fired, passed to `onTrigger`. */
export interface RetrainReason {
  /** The conditions that held. */
  conditions: string[];
  /** New samples seen since the last retraining. */
  newSamples: number;
  /** When the trigger fired. */
  at: Date;
}

/** The outcome of one {@link RetrainTrigger.evaluate}. */
export type RetrainDecision =
  | { fired: true; reason: RetrainReason }
  | {
      fired: false;
      /** Why not: no condition held, too little new data, in cooldown, or a retraining runs. */
      blockedBy: 'no-condition' | 'min-new-samples' | 'cooldown' | 'running';
      /** Conditions that held (empty for `no-condition`). */
      conditions: string[];
    };

/** Options of {@link createRetrainTrigger}. */
export interface RetrainTriggerOptions {
  /** Any one holding calls for retraining. */
  conditions: readonly RetrainCondition[];
  /** Starts the retraining; the trigger waits for the promise before it can fire again. */
  onTrigger: (reason: RetrainReason) => Promise<void> | void;
  /** New samples needed since the last retraining. Default 0. */
  minNewSamples?: number;
  /** Least time between the end of one retraining and the next start, in ms. Default 0. */
  cooldownMs?: number;
  /** Errors thrown by `onTrigger` or a condition. Default `console.error`. */
  onError?: (error: unknown) => void;
  /** Clock, for tests. */
  now?: () => number;
}

/** Fires retraining when drift or decay rules hold, with guards. */
export interface RetrainTrigger {
  /** Counts new samples (e.g. labelled rows that arrived) towards `minNewSamples`. */
  recordSamples(count: number): void;
  /** Checks the conditions and guards once; starts `onTrigger` when they allow. */
  evaluate(): Promise<RetrainDecision>;
  /** Resolves when a retraining in progress has finished (at once if none). */
  idle(): Promise<void>;
  /** Whether a retraining is in progress. */
  readonly running: boolean;
}

/**
 * A retraining trigger with the guards a production loop needs: it fires only when a
 * condition holds, at least `minNewSamples` new samples arrived since the last retraining,
 * `cooldownMs` passed since the last one ended, and no retraining is running (one at a
 * time). A retraining that throws is reported to `onError` and counts as ended (the
 * cooldown applies), but the new-sample count is kept so the next one can start.
 *
 * @example
 * ```ts
 * const trigger = createRetrainTrigger({
 *   conditions: [{ name: 'dataset-drift', holds: () => latest.dataset.drift }],
 *   minNewSamples: 10_000,
 *   cooldownMs: 6 * 3600_000,
 *   onTrigger: async (reason) => { await startTrainingJob(reason); },
 * });
 * ```
 */
export function createRetrainTrigger(options: RetrainTriggerOptions): RetrainTrigger {
  const minNewSamples = options.minNewSamples ?? 0;
  const cooldownMs = options.cooldownMs ?? 0;
  for (const [argument, value] of [
    ['minNewSamples', minNewSamples],
    ['cooldownMs', cooldownMs],
  ] as const) {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new InvalidArgumentError({
        argument,
        message: `createRetrainTrigger: ${argument} is ${value}; give a finite number >= 0`,
      });
    }
  }
  if (options.conditions.length === 0) {
    throw new InvalidArgumentError({
      argument: 'conditions',
      message:
        'createRetrainTrigger: give at least one condition, e.g. { name: "dataset-drift", holds: () => report.dataset.drift }',
    });
  }
  const now = options.now ?? Date.now;
  const onError =
    options.onError ??
    ((error: unknown) => console.error('[dagnostics/monitor] retraining failed', error));
  let newSamples = 0;
  let lastEndedMs: number | undefined;
  let current: Promise<void> | undefined;
  let evaluating: Promise<RetrainDecision> = Promise.resolve({
    fired: false,
    blockedBy: 'no-condition',
    conditions: [],
  });

  const evaluateOnce = async (): Promise<RetrainDecision> => {
    const held: string[] = [];
    for (const condition of options.conditions) {
      try {
        if (await condition.holds()) held.push(condition.name);
      } catch (error) {
        onError(error);
      }
    }
    if (held.length === 0) return { fired: false, blockedBy: 'no-condition', conditions: held };
    if (current !== undefined) return { fired: false, blockedBy: 'running', conditions: held };
    if (lastEndedMs !== undefined && now() - lastEndedMs < cooldownMs) {
      return { fired: false, blockedBy: 'cooldown', conditions: held };
    }
    if (newSamples < minNewSamples) {
      return { fired: false, blockedBy: 'min-new-samples', conditions: held };
    }
    const reason: RetrainReason = { conditions: held, newSamples, at: new Date(now()) };
    const samplesAtStart = newSamples;
    current = (async () => {
      try {
        await options.onTrigger(reason);
        newSamples -= samplesAtStart;
      } catch (error) {
        onError(error);
      } finally {
        lastEndedMs = now();
        current = undefined;
      }
    })();
    return { fired: true, reason };
  };

  return {
    recordSamples(count) {
      if (!Number.isInteger(count) || count < 0) {
        throw new InvalidArgumentError({
          argument: 'count',
          message: `recordSamples: count must be a non-negative integer, got ${count}`,
        });
      }
      newSamples += count;
    },
    evaluate() {
      evaluating = evaluating.then(evaluateOnce, evaluateOnce);
      return evaluating;
    },
    async idle() {
      await current;
    },
    get running() {
      return current !== undefined;
    },
  };
}
