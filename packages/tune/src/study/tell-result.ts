import type { TrialState } from '../types';

/**
 * What `study.tell` records: the objective's value(s) (COMPLETE, or FAIL when NaN or of
 * the wrong count), or an explicit state. PRUNED keeps the last intermediate value as the
 * trial's value, as Optuna does; FAIL may carry a reason stored as `fail_reason`.
 */
export type TellResult =
  | number
  | readonly number[]
  | {
      readonly state: Exclude<TrialState, 'RUNNING' | 'WAITING'>;
      readonly values?: number | readonly number[];
      readonly failReason?: string;
    };
