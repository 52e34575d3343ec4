import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomSampler } from '../samplers/random';
import { createStudy } from '../study/create-study';
import type { Trial } from '../trial/trial';
import type { Pruner, StudyDirection } from '../types';
import { HyperbandPruner } from './hyperband';
import { NopPruner } from './nop';
import { PatientPruner } from './patient';
import { MedianPruner, PercentilePruner } from './percentile';
import { SuccessiveHalvingPruner } from './successive-halving';
import { ThresholdPruner } from './threshold';

interface PrunerSpec {
  kind: string;
  options?: Record<string, number>;
  wrapped?: PrunerSpec;
}

interface GoldenCase {
  name: string;
  direction: StudyDirection;
  schedule: 'sequential' | 'round-robin';
  pruner: PrunerSpec;
  trials: number[][];
  steps?: number[];
  studyName: string;
  expected: { state: string; decisions: boolean[]; rungs: Record<string, number> }[];
}

function decode(value: unknown): unknown {
  if (value === 'NaN') return Number.NaN;
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decode(item)]));
  }
  return value;
}

const document = decode(
  JSON.parse(readFileSync(new URL('./__fixtures__/pruners.json', import.meta.url), 'utf8')),
) as { cases: GoldenCase[] };

function makePruner(spec: PrunerSpec): Pruner {
  const o = spec.options ?? {};
  switch (spec.kind) {
    case 'median':
      return new MedianPruner({
        nStartupTrials: o.n_startup_trials,
        nWarmupSteps: o.n_warmup_steps,
        intervalSteps: o.interval_steps,
        nMinTrials: o.n_min_trials,
      });
    case 'percentile':
      return new PercentilePruner(o.percentile as number, {
        nStartupTrials: o.n_startup_trials,
        nWarmupSteps: o.n_warmup_steps,
        intervalSteps: o.interval_steps,
      });
    case 'threshold':
      return new ThresholdPruner({
        lower: o.lower,
        upper: o.upper,
        nWarmupSteps: o.n_warmup_steps,
        intervalSteps: o.interval_steps,
      });
    case 'successive-halving':
      return new SuccessiveHalvingPruner({
        minResource: o.min_resource,
        reductionFactor: o.reduction_factor,
        minEarlyStoppingRate: o.min_early_stopping_rate,
        bootstrapCount: o.bootstrap_count,
      });
    case 'hyperband':
      return new HyperbandPruner({
        minResource: o.min_resource,
        maxResource: o.max_resource,
        reductionFactor: o.reduction_factor,
      });
    case 'patient':
      return new PatientPruner(spec.wrapped === undefined ? null : makePruner(spec.wrapped), {
        patience: o.patience as number,
        minDelta: o.min_delta,
      });
    case 'nop':
      return new NopPruner();
    default:
      throw new Error(`unknown pruner ${spec.kind}`);
  }
}

describe('pruners match Optuna 5 decision for decision', () => {
  it('has cases', () => {
    expect(document.cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const golden of document.cases) {
    it(golden.name, async () => {
      const study = await createStudy({
        studyName: golden.studyName,
        direction: golden.direction,
        sampler: new RandomSampler({ seed: 0 }),
        pruner: makePruner(golden.pruner),
      });
      const decisions: boolean[][] = golden.trials.map(() => []);
      const stepsOf = (index: number): number[] =>
        golden.steps ?? (golden.trials[index] as number[]).map((_value, step) => step);
      const report = async (trial: Trial, index: number, position: number): Promise<boolean> => {
        await trial.report(
          (golden.trials[index] as number[])[position] as number,
          stepsOf(index)[position] as number,
        );
        const pruned = trial.shouldPrune();
        decisions[index]?.push(pruned);
        return pruned;
      };
      const finish = async (trial: Trial, index: number, pruned: boolean): Promise<void> => {
        const values = golden.trials[index] as number[];
        const final = values[values.length - 1] as number;
        await study.tell(trial, pruned ? { state: 'PRUNED' } : Number.isNaN(final) ? 0 : final);
      };
      if (golden.schedule === 'sequential') {
        for (let index = 0; index < golden.trials.length; index += 1) {
          const trial = await study.ask();
          let pruned = false;
          for (
            let position = 0;
            position < (golden.trials[index] as number[]).length;
            position += 1
          ) {
            if (await report(trial, index, position)) {
              pruned = true;
              break;
            }
          }
          await finish(trial, index, pruned);
        }
      } else {
        const running = new Map<number, Trial>();
        for (let index = 0; index < golden.trials.length; index += 1) {
          running.set(index, await study.ask());
        }
        for (let position = 0; running.size > 0; position += 1) {
          for (const index of [...running.keys()].sort((a, b) => a - b)) {
            const trial = running.get(index) as Trial;
            const pruned = await report(trial, index, position);
            if (pruned || position === (golden.trials[index] as number[]).length - 1) {
              await finish(trial, index, pruned);
              running.delete(index);
            }
          }
        }
      }
      const trials = await study.trials;
      const actual = trials.map((trial) => ({
        state: trial.state,
        decisions: decisions[trial.number],
        rungs: Object.fromEntries(
          Object.entries(trial.systemAttrs).filter(([key]) => key.startsWith('completed_rung_')),
        ),
      }));
      expect(actual).toEqual(golden.expected);
    });
  }
});
