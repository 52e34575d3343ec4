import { InvalidArgumentError } from '@dagnostics/core';
import type { Run, Tracker } from '@dagnostics/tracking';
import { distributionToJson } from '../distributions';
import { renderStudyReportHtml } from '../report/render-study-report';
import type { OptimizeCallback } from '../study/optimize';
import type { Study } from '../study/study';
import type { FrozenTrial, JsonValue } from '../types';

/** Options of {@link createMlflowStudyLogger}. */
export interface MlflowStudyLoggerOptions {
  /** A tracker from `@dagnostics/tracking` (`createTracker({ trackingUri })`). */
  tracker: Tracker;
  /** The MLflow experiment; created when missing. */
  experimentName: string;
  /** Name of the study's parent run. Default: the study name. */
  runName?: string;
  /**
   * Metric names of the objective values. Default `['value']` for one objective and
   * `['value_0', 'value_1', ...]` for several, as Optuna's MLflowCallback names them.
   */
  metricNames?: readonly string[];
  /** Trial user attributes as child-run tags. Default true. */
  tagTrialUserAttrs?: boolean;
  /** Attach the HTML study report to the parent run at `end()`. Default true. */
  attachReport?: boolean;
}

/** What {@link createMlflowStudyLogger} returns. */
export interface MlflowStudyLogger {
  /** The study's parent run; every trial is one of its child runs. */
  readonly parentRun: Run;
  /** Pass to `study.optimize(objective, { callbacks: [logger.callback] })`. */
  readonly callback: OptimizeCallback<Study>;
  /** Logs one finished trial as a child run (what `callback` does). */
  logTrial(trial: FrozenTrial): Promise<void>;
  /**
   * Waits for the child runs, records the best trial on the parent (metric `best_value`,
   * tags `best_trial` and `best.<param>`), attaches `study-report.html` and ends the parent.
   */
  end(): Promise<void>;
}

const stateStatus = { COMPLETE: 'FINISHED', PRUNED: 'FINISHED', FAIL: 'FAILED' } as const;

/**
 * Logs a study to MLflow through `@dagnostics/tracking` (an optional peer of this package):
 * the study is a parent run and each finished trial a child run with its parameters, its
 * intermediate values (metric `intermediate_value` by step), its final value(s), and the
 * tags Optuna's MLflowCallback sets (`number`, `state`, `datetime_start`,
 * `datetime_complete`, `direction`, `<param>_distribution`, the trial's user attributes).
 * Pruned trials end FINISHED with tag `state` PRUNED; failed ones end FAILED.
 *
 * @example
 * ```ts
 * import { createTracker } from '@dagnostics/tracking';
 * import { createMlflowStudyLogger } from '@dagnostics/tune/mlflow';
 *
 * const tracker = createTracker({ trackingUri: 'http://127.0.0.1:5000' });
 * const logger = await createMlflowStudyLogger(study, { tracker, experimentName: 'tuning' });
 * await study.optimize(objective, { nTrials: 50, callbacks: [logger.callback] });
 * await logger.end();
 * await tracker.close();
 * ```
 */
export async function createMlflowStudyLogger(
  study: Study,
  options: MlflowStudyLoggerOptions,
): Promise<MlflowStudyLogger> {
  const objectives = study.directions.length;
  const metricNames =
    options.metricNames ??
    (objectives === 1 ? ['value'] : study.directions.map((_, index) => `value_${index}`));
  if (metricNames.length !== objectives) {
    throw new InvalidArgumentError({
      argument: 'metricNames',
      message: `metricNames needs one name per objective (${objectives}); got ${metricNames.length}.`,
    });
  }
  const { tracker, experimentName } = options;
  const parentRun = await tracker.startRun({
    experimentName,
    runName: options.runName ?? study.studyName,
    tags: {
      'dagnostics.tune.studyName': study.studyName,
      'dagnostics.tune.directions': study.directions.join(','),
      'dagnostics.tune.sampler': study.sampler.constructor.name,
    },
  });
  const pending = new Set<Promise<void>>();
  const direction = objectives === 1 ? (study.directions[0] as string) : study.directions.join(',');

  async function logTrial(trial: FrozenTrial): Promise<void> {
    if (trial.state === 'RUNNING' || trial.state === 'WAITING') return;
    const tags: Record<string, string> = {
      number: String(trial.number),
      state: trial.state,
      direction,
      ...(trial.datetimeStart === null
        ? {}
        : { datetime_start: trial.datetimeStart.toISOString() }),
      ...(trial.datetimeComplete === null
        ? {}
        : { datetime_complete: trial.datetimeComplete.toISOString() }),
    };
    for (const [name, distribution] of Object.entries(trial.distributions)) {
      tags[`${name}_distribution`] = distributionToJson(distribution);
    }
    if (options.tagTrialUserAttrs ?? true) {
      for (const [key, value] of Object.entries(trial.userAttrs)) tags[key] = tagText(value);
    }
    const run = await tracker.startRun({
      experimentName,
      runName: `trial-${trial.number}`,
      parentRunId: parentRun.id,
      tags,
    });
    run.logParams(
      Object.fromEntries(
        Object.entries(trial.params).map(([name, value]) => [
          name,
          value === null ? 'None' : value,
        ]),
      ),
    );
    for (const [step, value] of [...trial.intermediateValues].sort((a, b) => a[0] - b[0])) {
      run.logMetric('intermediate_value', value, { step });
    }
    trial.values?.forEach((value, index) => {
      run.logMetric(metricNames[index] as string, value);
    });
    await run.end(stateStatus[trial.state]);
  }

  function track(trial: FrozenTrial): Promise<void> {
    const logged = logTrial(trial).finally(() => pending.delete(logged));
    pending.add(logged);
    return logged;
  }

  return {
    parentRun,
    callback: (_study, trial) => track(trial),
    logTrial: track,
    async end() {
      await Promise.all([...pending]);
      const trials = await study.trials;
      const complete = trials.filter((trial) => trial.state === 'COMPLETE');
      if (objectives === 1 && complete.length > 0) {
        const best = await study.bestTrial;
        parentRun.logMetric('best_value', best.values?.[0] as number);
        parentRun.setTags({
          best_trial: best.number,
          ...Object.fromEntries(
            Object.entries(best.params).map(([name, value]) => [`best.${name}`, tagText(value)]),
          ),
        });
      }
      parentRun.setTags({ 'dagnostics.tune.trials': trials.length });
      if ((options.attachReport ?? true) && complete.length > 0) {
        const html = renderStudyReportHtml({
          studyName: study.studyName,
          directions: study.directions,
          trials,
        });
        await parentRun.logArtifact(new TextEncoder().encode(html), undefined, {
          fileName: 'study-report.html',
        });
      }
      await parentRun.end();
    },
  };
}

function tagText(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'None';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
