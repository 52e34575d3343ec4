import { DagnosticsError } from '@dagnostics/core';

/**
 * An analysis condition (`result >= 0.95`) that does not parse, or that cannot be evaluated
 * against a measurement (`len(result)` of a number, a non-boolean outcome). During an
 * analysis an evaluation failure makes that measurement an Error, as in Argo Rollouts.
 */
export class ConditionError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsConditionError';

  /** The condition as written. */
  readonly expression: string;
  /** Character offset of the problem in `expression`, when it is a syntax error. */
  readonly position: number | undefined;

  constructor(options: { expression: string; message: string; position?: number }) {
    super({
      message: `Condition ${JSON.stringify(options.expression)}: ${options.message}`,
      code: 'CONDITION_INVALID',
    });
    this.expression = options.expression;
    this.position = options.position;
  }
}

/** Why a metric provider could not produce a value. */
export type MetricProviderFailure = 'NETWORK' | 'HTTP' | 'PARSE' | 'QUERY' | 'EMPTY_RESULT';

/**
 * A metric provider failed to measure (network, HTTP status, unreadable body, a query the
 * server refused, no sample). The measurement's phase is Error: it is retried after the
 * metric's interval and counts towards `consecutiveErrorLimit`.
 */
export class MetricProviderError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsMetricProviderError';

  readonly provider: string;
  readonly reason: MetricProviderFailure;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(options: {
    provider: string;
    reason: MetricProviderFailure;
    message: string;
    status?: number;
    cause?: unknown;
  }) {
    super({
      message: `${options.provider} metric provider: ${options.message}`,
      code: 'METRIC_PROVIDER_FAILED',
      isRetryable: options.reason !== 'QUERY',
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.provider = options.provider;
    this.reason = options.reason;
    this.status = options.status;
  }
}

/** A canary plan or analysis that cannot run as written; nothing was changed in the registry. */
export class RolloutPlanError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsRolloutPlanError';

  /** Where in the plan, e.g. `steps[2].setWeight`. */
  readonly path: string;

  constructor(options: { path: string; message: string }) {
    super({
      message: `Invalid rollout plan at ${options.path}: ${options.message}`,
      code: 'ROLLOUT_PLAN_INVALID',
    });
    this.path = options.path;
  }
}

/**
 * The registry is not in the state the rollout action needs: another rollout holds the
 * `challenger` alias, there is nothing to promote, or no `previous` champion to roll back to.
 */
export class RolloutStateError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsRolloutStateError';

  /** Machine-readable reason: `ROLLOUT_IN_PROGRESS`, `NOTHING_TO_PROMOTE`, `NOTHING_TO_ROLL_BACK`. */
  readonly reason: string;
  readonly model: string;

  constructor(options: { reason: string; model: string; message: string }) {
    super({ message: options.message, code: 'ROLLOUT_STATE_CONFLICT' });
    this.reason = options.reason;
    this.model = options.model;
  }
}
