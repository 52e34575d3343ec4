import { type AnalysisSpec, validateAnalysis } from './analysis';
import { RolloutPlanError } from './errors';

/** A canary step: exactly one of `setWeight`, `pause`, `analysis` (Argo Rollouts' `CanaryStep`). */
export type CanaryStep =
  | { readonly setWeight: number }
  /** Waits `durationMs`; without it the rollout pauses until `promote()` or `rollback()`. */
  | { readonly pause: { readonly durationMs?: number } }
  /** A blocking analysis: Successful continues, Failed/Error rolls back, Inconclusive pauses. */
  | { readonly analysis: AnalysisSpec };

/** A canary rollout of one model version. */
export interface CanaryPlan {
  /** The model version to roll out (a string of digits). */
  readonly version: string;
  readonly steps: readonly CanaryStep[];
  /** Runs after promotion; Failed/Error re-points `champion` to `previous`. */
  readonly postPromotionAnalysis?: AnalysisSpec;
}

/**
 * Checks a canary plan before anything is written: a version number, steps with exactly
 * one known field, integer weights 0–100, non-negative pauses, analyses that end.
 *
 * @throws RolloutPlanError naming the offending step.
 */
export function validateCanaryPlan(plan: CanaryPlan): void {
  if (typeof plan.version !== 'string' || !/^[1-9]\d*$/.test(plan.version)) {
    throw new RolloutPlanError({
      path: 'version',
      message: `${JSON.stringify(plan.version)} is not a model version number`,
    });
  }
  if (!Array.isArray(plan.steps))
    throw new RolloutPlanError({ path: 'steps', message: 'must be an array' });
  plan.steps.forEach((step, index) => {
    const path = `steps[${index}]`;
    const keys = typeof step === 'object' && step !== null ? Object.keys(step) : [];
    if (keys.length !== 1 || !['setWeight', 'pause', 'analysis'].includes(keys[0] as string)) {
      throw new RolloutPlanError({
        path,
        message: 'needs exactly one of setWeight, pause, analysis',
      });
    }
    if ('setWeight' in step) {
      if (!Number.isInteger(step.setWeight) || step.setWeight < 0 || step.setWeight > 100) {
        throw new RolloutPlanError({
          path: `${path}.setWeight`,
          message: 'must be an integer percentage 0–100',
        });
      }
    } else if ('pause' in step) {
      const durationMs = step.pause?.durationMs;
      if (durationMs !== undefined && !(Number.isFinite(durationMs) && durationMs >= 0)) {
        throw new RolloutPlanError({
          path: `${path}.pause.durationMs`,
          message: 'must be a number of milliseconds ≥ 0',
        });
      }
    } else {
      validateAnalysis(step.analysis, `${path}.analysis`, true);
    }
  });
  if (plan.postPromotionAnalysis !== undefined) {
    validateAnalysis(plan.postPromotionAnalysis, 'postPromotionAnalysis', true);
  }
}
