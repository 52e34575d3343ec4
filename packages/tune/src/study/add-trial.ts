import { InvalidArgumentError } from '@dagnostics/core';
import { contains, toInternal } from '../distributions/representation';
import type { TrialTemplate } from '../storage/storage';
import { fixedParamsKey } from '../trial/trial';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  JsonValue,
  StudyDirection,
  TrialState,
} from '../types';
import { valuesProblem } from './outcome';

/** A trial for `study.addTrial` (Optuna's `create_trial`); params in the external representation. */
export interface AddTrialInput {
  /** Default COMPLETE. RUNNING is refused. */
  readonly state?: Exclude<TrialState, 'RUNNING'>;
  /** One value per objective; required for COMPLETE. */
  readonly values?: readonly number[] | null;
  readonly params?: Readonly<Record<string, number | CategoricalChoice>>;
  /** A distribution for every parameter, which must contain its value. */
  readonly distributions?: Readonly<Record<string, Distribution>>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  readonly intermediateValues?: ReadonlyMap<number, number>;
  /** Default: now, unless WAITING. */
  readonly datetimeStart?: Date | null;
  /** Default: now for a finished state. */
  readonly datetimeComplete?: Date | null;
}

function invalid(message: string): InvalidArgumentError {
  return new InvalidArgumentError({ argument: 'trial', message });
}

/** Validates an `addTrial` input as Optuna's `FrozenTrial._validate` does and makes a storage template. */
export function trialTemplate(
  input: AddTrialInput,
  directions: readonly StudyDirection[],
): TrialTemplate {
  const state = input.state ?? 'COMPLETE';
  if ((state as TrialState) === 'RUNNING') throw invalid('addTrial cannot add a RUNNING trial.');
  const values = input.values ?? null;
  if (state === 'COMPLETE') {
    if (values === null) throw invalid('A COMPLETE trial needs values.');
    const problem = valuesProblem(values, directions);
    if (problem !== null) throw invalid(problem);
  } else if (values !== null && values.length !== directions.length) {
    throw invalid(
      `The added trial has ${values.length} values, but the study has ${directions.length} objectives.`,
    );
  }
  const params = input.params ?? {};
  const distributions = input.distributions ?? {};
  const paramNames = Object.keys(params).sort();
  const distributionNames = Object.keys(distributions).sort();
  if (paramNames.join('\u0000') !== distributionNames.join('\u0000')) {
    throw invalid(
      `params (${paramNames.join(', ')}) and distributions (${distributionNames.join(', ')}) must name the same parameters.`,
    );
  }
  const internal: Record<string, number> = {};
  for (const name of paramNames) {
    const distribution = distributions[name] as Distribution;
    const value = params[name] as number | CategoricalChoice;
    let internalValue: number;
    try {
      internalValue = toInternal(distribution, value);
    } catch (error) {
      throw invalid(`Parameter ${name}: ${(error as Error).message}`);
    }
    if (!contains(distribution, internalValue)) {
      throw invalid(`Parameter ${name}: ${JSON.stringify(value)} is outside its distribution.`);
    }
    internal[name] = internalValue;
  }
  const now = new Date();
  const finished = state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
  return {
    state,
    values,
    datetimeStart: input.datetimeStart ?? (state === 'WAITING' ? null : now),
    datetimeComplete: input.datetimeComplete ?? (finished ? now : null),
    params: internal,
    distributions,
    userAttrs: input.userAttrs ?? {},
    systemAttrs: input.systemAttrs ?? {},
    intermediateValues: input.intermediateValues ?? new Map(),
  };
}

function sameParamValue(enqueued: number | CategoricalChoice, existing: unknown): boolean {
  if (typeof enqueued === 'number' && typeof existing === 'number') {
    if (Number.isNaN(enqueued) && Number.isNaN(existing)) return true;
    return Math.abs(enqueued - existing) <= 1e-5 * Math.abs(existing);
  }
  return enqueued === existing;
}

/**
 * Whether a trial already has (or is enqueued with) exactly these parameters (Optuna's
 * `_should_skip_enqueue`: same names, numbers equal to a relative 1e-5, other values
 * strictly equal).
 */
export function enqueuedAlready(
  trials: readonly FrozenTrial[],
  params: Readonly<Record<string, number | CategoricalChoice>>,
): boolean {
  const names = Object.keys(params).sort().join('\u0000');
  return trials.some((trial) => {
    const fixed = trial.systemAttrs[fixedParamsKey];
    const existing =
      fixed !== null && typeof fixed === 'object' && !Array.isArray(fixed)
        ? (fixed as Record<string, unknown>)
        : (trial.params as Record<string, unknown>);
    if (Object.keys(existing).sort().join('\u0000') !== names) return false;
    return Object.entries(params).every(([name, value]) => sameParamValue(value, existing[name]));
  });
}
