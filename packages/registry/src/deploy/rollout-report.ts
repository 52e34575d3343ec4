import type { AnalysisResult } from './analysis';
import type { RolloutPhase } from './rollout-state';

/** Where the controller records each step (the registry's audit log implements it). */
export interface RolloutAuditSink {
  append(entry: {
    actor: string;
    action: string;
    version?: string;
    details?: Record<string, unknown>;
  }): Promise<unknown>;
}

/** What set a rollback off. */
export type RollbackTrigger = 'analysis' | 'postPromotionAnalysis' | 'manual' | 'signal' | 'error';

/** How long a rollback took, from its trigger to the registry showing it. */
export interface RollbackTiming {
  readonly trigger: RollbackTrigger;
  /** When the rollback was decided: the failing measurement's end, or the manual call. */
  readonly triggeredAt: number;
  /** When a read from the registry first showed the rolled-back aliases. */
  readonly visibleAt: number;
  /** `visibleAt − triggeredAt`, in milliseconds. */
  readonly durationMs: number;
  /** The champion after the rollback. */
  readonly champion: string | undefined;
}

/** One step of a rollout, timed (milliseconds of the controller's clock). */
export interface RolloutStepReport {
  /** Index in the canary plan; −1 for steps outside it (preview, promote, rollback). */
  readonly index: number;
  readonly kind:
    | 'setWeight'
    | 'pause'
    | 'analysis'
    | 'preview'
    | 'promote'
    | 'postPromotionAnalysis'
    | 'rollback'
    | 'abort';
  readonly weight?: number;
  readonly analysis?: AnalysisResult;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationMs: number;
}

/** The outcome of a rollout action. */
export interface RolloutReport {
  readonly model: string;
  readonly version: string;
  readonly strategy: 'canary' | 'blueGreen';
  /** Promoted, RolledBack, Paused (waiting for `promote()`/`rollback()`), Preview or Aborted. */
  readonly phase: RolloutPhase;
  readonly reason?: string;
  readonly steps: readonly RolloutStepReport[];
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationMs: number;
  readonly rollback?: RollbackTiming;
}

/** Options of the long-running actions. */
export interface RolloutRunOptions {
  /** Stops the rollout: it is rolled back, then the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each step (progress). */
  readonly onStep?: (step: RolloutStepReport) => void;
}
