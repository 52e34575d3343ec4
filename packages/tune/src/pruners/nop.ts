import type { Pruner } from '../types';

/** Never prunes (Optuna's `NopPruner`). */
export class NopPruner implements Pruner {
  prune(): boolean {
    return false;
  }
}
