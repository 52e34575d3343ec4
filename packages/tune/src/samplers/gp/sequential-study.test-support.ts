import { toExternal } from '../../distributions';
import { createFrozenTrial } from '../../trial/frozen-trial';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  Sampler,
  StudyDirection,
  StudyView,
} from '../../types';

/**
 * A minimal sequential ask-and-tell loop over a fixed search space, for the GP sampler's
 * tests and benchmarks (so they do not depend on the study module). Every trial asks the
 * sampler for its relative space first and samples the rest independently, as a study does.
 */
export function runSequentialStudy(options: {
  sampler: Sampler;
  space: Record<string, Distribution>;
  objective: (params: Record<string, number | CategoricalChoice>) => number;
  trials: number;
  direction?: StudyDirection;
  /** Called with the milliseconds spent in the sampler for each trial. */
  onSuggestMs?: (trialNumber: number, milliseconds: number) => void;
}): FrozenTrial[] {
  const direction = options.direction ?? 'minimize';
  const finished: FrozenTrial[] = [];
  for (let number = 0; number < options.trials; number++) {
    const base = createFrozenTrial({ number, trialId: number, state: 'RUNNING' });
    const view: StudyView = {
      studyName: 'gp-test',
      directions: [direction],
      trials: [...finished, base],
    };
    const started = performance.now();
    options.sampler.beforeTrial?.(view, base);
    const relativeSpace = options.sampler.inferRelativeSearchSpace(view, base);
    const relative = options.sampler.sampleRelative(view, base, relativeSpace);
    const params: Record<string, number | CategoricalChoice> = {};
    for (const [name, distribution] of Object.entries(options.space)) {
      const internal =
        name in relativeSpace && relative[name] !== undefined
          ? relative[name]
          : options.sampler.sampleIndependent(view, base, name, distribution);
      params[name] = toExternal(distribution, internal);
    }
    options.onSuggestMs?.(number, performance.now() - started);
    const value = options.objective(params);
    const trial: FrozenTrial = {
      ...base,
      state: 'COMPLETE',
      values: [value],
      params,
      distributions: options.space,
    };
    options.sampler.afterTrial?.(view, trial, 'COMPLETE', [value]);
    finished.push(trial);
  }
  return finished;
}
