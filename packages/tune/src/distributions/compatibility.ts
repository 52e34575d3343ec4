import { InvalidSearchSpaceError } from '../errors';
import type { Distribution } from '../types';
import { distributionsEqual } from './equality';

/**
 * Throws `InvalidSearchSpaceError` when `param`, already used in the study with
 * `previous`, is suggested again with an incompatible `next` (Optuna's
 * `check_distribution_compatibility`): another kind (float, int, categorical), another
 * `log` setting, or other categorical choices. A float or int range may change between
 * trials (dynamic search spaces), as in Optuna.
 */
export function assertCompatible(param: string, previous: Distribution, next: Distribution): void {
  const fail = (rule: string): never => {
    throw new InvalidSearchSpaceError({
      param,
      message: `Parameter ${JSON.stringify(param)} was already used in this study with another distribution: ${rule}. Use another name for the new search space.`,
    });
  };
  if (previous.kind !== next.kind) {
    fail(`it was ${previous.kind}, now ${next.kind}`);
  }
  if (previous.kind !== 'categorical' && next.kind !== 'categorical' && previous.log !== next.log) {
    fail(`log was ${previous.log}, now ${next.log}`);
  }
  if (previous.kind === 'categorical' && !distributionsEqual(previous, next)) {
    fail('categorical choices cannot change');
  }
}
