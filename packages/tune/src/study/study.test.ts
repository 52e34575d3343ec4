import { describe, expect, it } from 'vitest';
import { InvalidSearchSpaceError, TrialFinishedError, TrialPrunedError } from '../errors';
import { RandomSampler } from '../samplers/random';
import { InMemoryStorage } from '../storage/in-memory-storage';
import { createStudy, loadStudy } from './create-study';
import { MultiObjectiveError, NoCompletedTrialsError } from './errors';
import type { Study } from './study';

async function paramsAndValues(study: Study) {
  return (await study.trials).map((trial) => ({ params: trial.params, values: trial.values }));
}

describe('createStudy and optimize', () => {
  it('minimizes a quadratic and reports the best trial', async () => {
    const study = await createStudy({ seed: 1 });
    await study.optimize((trial) => (trial.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 60 });
    const trials = await study.trials;
    expect(trials).toHaveLength(60);
    expect(trials.every((trial) => trial.state === 'COMPLETE')).toBe(true);
    const best = await study.bestTrial;
    expect(await study.bestValue).toBe(Math.min(...trials.map((trial) => trial.values?.[0] ?? 0)));
    expect((await study.bestParams).x).toBe(best.params.x);
    expect(Math.abs((best.params.x as number) - 2)).toBeLessThan(1);
  });

  it('repeats bit for bit with the same seed', async () => {
    const objective = (trial: import('../trial/trial').Trial) => {
      const x = trial.suggestFloat('x', 1e-3, 1, { log: true });
      const n = trial.suggestInt('n', 1, 9, { step: 2 });
      const kind = trial.suggestCategorical('kind', ['a', 'b', 'c'] as const);
      return x * n + (kind === 'a' ? 1 : 0);
    };
    const first = await createStudy({ seed: 42 });
    await first.optimize(objective, { nTrials: 20 });
    const second = await createStudy({ seed: 42 });
    await second.optimize(objective, { nTrials: 20 });
    const other = await createStudy({ seed: 43 });
    await other.optimize(objective, { nTrials: 20 });
    expect(await paramsAndValues(second)).toEqual(await paramsAndValues(first));
    expect(await paramsAndValues(other)).not.toEqual(await paramsAndValues(first));
  });

  it('gives each trial the same parameters whatever the concurrency and timing', async () => {
    const objective = async (trial: import('../trial/trial').Trial) => {
      const x = trial.suggestFloat('x', 0, 1);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(x * 5)));
      return x + trial.suggestFloat('y', 0, 1);
    };
    // Random sampling: a trial's draw depends only on (seed, trial number). (TPE's draws
    // also depend on which trials have finished, which concurrency changes by design.)
    const sequential = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await sequential.optimize(objective, { nTrials: 12 });
    const concurrent = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    let running = 0;
    let maxRunning = 0;
    await concurrent.optimize(
      async (trial) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        try {
          return await objective(trial);
        } finally {
          running -= 1;
        }
      },
      { nTrials: 12, concurrency: 4 },
    );
    expect(maxRunning).toBe(4);
    expect(await paramsAndValues(concurrent)).toEqual(await paramsAndValues(sequential));
  });

  it('stores NaN, thrown errors and timeouts as FAIL with fail_reason and goes on', async () => {
    const study = await createStudy({ seed: 3 });
    let aborted = false;
    await study.optimize(
      async (trial) => {
        if (trial.number === 0) return Number.NaN;
        if (trial.number === 1) throw new Error('boom');
        if (trial.number === 2) {
          await new Promise<void>((resolve) => {
            trial.signal.addEventListener('abort', () => {
              aborted = true;
              resolve();
            });
          });
          return 1;
        }
        if (trial.number === 3) return [1, 2];
        return trial.suggestFloat('x', 0, 1);
      },
      { nTrials: 5, trialTimeoutMs: 50 },
    );
    const trials = await study.trials;
    expect(trials.map((trial) => trial.state)).toEqual([
      'FAIL',
      'FAIL',
      'FAIL',
      'FAIL',
      'COMPLETE',
    ]);
    expect(trials[0]?.systemAttrs.fail_reason).toBe(
      'Trial 0 failed, because The objective function returned NaN.',
    );
    expect(trials[1]?.systemAttrs.fail_reason).toContain('Error: boom');
    expect(trials[2]?.systemAttrs.fail_reason).toBe('Trial 2 timed out after 50 ms.');
    expect(trials[3]?.systemAttrs.fail_reason).toContain(
      'did not match the number of the objectives',
    );
    expect(aborted).toBe(true);
  });

  it('rethrows errors not in catch after storing the trial FAIL', async () => {
    class Retryable extends Error {}
    const study = await createStudy();
    await expect(
      study.optimize(
        (trial) => {
          if (trial.number === 0) throw new Retryable('caught');
          throw new TypeError('fatal');
        },
        { nTrials: 5, catch: [Retryable] },
      ),
    ).rejects.toThrow('fatal');
    expect((await study.trials).map((trial) => trial.state)).toEqual(['FAIL', 'FAIL']);
  });

  it('prunes with TrialPrunedError, keeping the last intermediate value', async () => {
    const study = await createStudy();
    await study.optimize(
      async (trial) => {
        await trial.report(0.5, 0);
        await trial.report(0.25, 3);
        throw new TrialPrunedError();
      },
      { nTrials: 1 },
    );
    const [trial] = await study.trials;
    expect(trial?.state).toBe('PRUNED');
    expect(trial?.values).toEqual([0.25]);
    expect([...(trial?.intermediateValues ?? [])]).toEqual([
      [0, 0.5],
      [3, 0.25],
    ]);
  });

  it('stops on study.stop(), timeoutMs and abort signals', async () => {
    const stopped = await createStudy();
    await stopped.optimize(
      (trial) => {
        if (trial.number === 2) stopped.stop();
        return 0;
      },
      { nTrials: 10 },
    );
    expect(await stopped.trials).toHaveLength(3);

    const timed = await createStudy();
    await timed.optimize(() => new Promise<number>((resolve) => setTimeout(() => resolve(0), 20)), {
      timeoutMs: 50,
    });
    const count = (await timed.trials).length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(5);

    const controller = new AbortController();
    const aborted = await createStudy();
    const run = aborted.optimize(
      (trial) =>
        new Promise<number>((resolve) => {
          if (trial.number === 1) controller.abort(new Error('enough'));
          setTimeout(() => resolve(0), trial.number === 0 ? 1 : 1000);
        }),
      { signal: controller.signal },
    );
    await expect(run).rejects.toThrow('enough');
    const trials = await aborted.trials;
    expect(trials.map((trial) => trial.state)).toEqual(['COMPLETE', 'FAIL']);
    expect(trials[1]?.systemAttrs.fail_reason).toContain('aborted');
  });

  it('calls callbacks with each stored trial, in order', async () => {
    const study = await createStudy();
    const seen: string[] = [];
    await study.optimize((trial) => trial.number, {
      nTrials: 3,
      callbacks: [
        async (callbackStudy, trial) => {
          expect(callbackStudy).toBe(study);
          seen.push(`${trial.number}:${trial.state}:${trial.values?.[0]}`);
        },
      ],
    });
    expect(seen).toEqual(['0:COMPLETE:0', '1:COMPLETE:1', '2:COMPLETE:2']);
  });

  it('validates optimize options', async () => {
    const study = await createStudy();
    await expect(study.optimize(() => 0, { nTrials: -1 })).rejects.toThrow('nTrials');
    await expect(study.optimize(() => 0, { concurrency: 0 })).rejects.toThrow('concurrency');
  });
});

describe('suggest API', () => {
  it('returns the same value for the same name, and rejects a conflicting distribution', async () => {
    const study = await createStudy({ seed: 9 });
    const trial = await study.ask();
    const x = trial.suggestFloat('x', 0, 1);
    expect(trial.suggestFloat('x', 0, 1)).toBe(x);
    expect(() => trial.suggestInt('x', 0, 1)).toThrow(InvalidSearchSpaceError);
    const kind = trial.suggestCategorical('kind', ['a', 'b'] as const);
    const typed: 'a' | 'b' = kind;
    expect(['a', 'b']).toContain(typed);
    await study.tell(trial, 1);
    const next = await study.ask();
    expect(() => next.suggestCategorical('kind', ['a', 'b', 'c'])).toThrow(
      /categorical choices cannot change/,
    );
    expect(() => next.suggestFloat('x', 0, 1, { log: true })).toThrow(InvalidSearchSpaceError);
    expect(next.suggestFloat('x', 0.5, 2)).toBeGreaterThanOrEqual(0.5);
  });

  it('validates search spaces at the suggest call, naming the parameter', async () => {
    const trial = await (await createStudy()).ask();
    const cases: [() => unknown, RegExp][] = [
      [() => trial.suggestFloat('a', 2, 1), /low <= high/],
      [() => trial.suggestFloat('b', 0, 1, { log: true }), /low > 0/],
      [() => trial.suggestFloat('c', 1, 2, { log: true, step: 0.1 }), /step is not supported/],
      [() => trial.suggestFloat('d', 0, 1, { step: 0 }), /step > 0/],
      [() => trial.suggestInt('e', 0.5, 3), /must be integers/],
      [() => trial.suggestInt('f', 0, 10, { log: true }), /low >= 1/],
      [() => trial.suggestInt('g', 1, 10, { log: true, step: 2 }), /step must be 1/],
      [() => trial.suggestCategorical('h', []), /one or more/],
    ];
    for (const [call, message] of cases) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(InvalidSearchSpaceError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toMatch(message);
    }
    expect(trial.suggestFloat('grid', 0, 1, { step: 0.3 })).toBeLessThanOrEqual(0.9);
    expect(trial.distributions.grid).toEqual({
      kind: 'float',
      low: 0,
      high: 0.9,
      log: false,
      step: 0.3,
    });
    expect(trial.suggestInt('single', 3, 3)).toBe(3);
  });

  it('rejects changes after the trial is told', async () => {
    const study = await createStudy();
    const trial = await study.ask();
    await study.tell(trial, 0);
    expect(() => trial.suggestFloat('x', 0, 1)).toThrow(TrialFinishedError);
    await expect(study.tell(trial, 1)).rejects.toThrow(TrialFinishedError);
    await expect(study.tell(trial.number, 1)).rejects.toThrow(TrialFinishedError);
  });
});

describe('ask, tell and enqueue', () => {
  it('tells by number, with explicit states', async () => {
    const study = await createStudy();
    const a = await study.ask();
    const b = await study.ask();
    const c = await study.ask();
    a.suggestFloat('x', 0, 1);
    await study.tell(b.number, { state: 'FAIL', failReason: 'gave up' });
    await study.tell(c, { state: 'COMPLETE', values: 3 });
    const stored = await study.tell(a.number, 2);
    expect(stored.params.x).toBe(a.params.x);
    const trials = await study.trials;
    expect(trials.map((trial) => trial.state)).toEqual(['COMPLETE', 'FAIL', 'COMPLETE']);
    expect(trials[1]?.systemAttrs.fail_reason).toBe('gave up');
    await expect(study.tell(99, 1)).rejects.toThrow(/No trial number 99/);
    const d = await study.ask();
    await expect(study.tell(d, { state: 'COMPLETE', values: Number.NaN })).rejects.toThrow(/NaN/);
  });

  it('runs enqueued parameters first, sampling the rest, and skips duplicates', async () => {
    const study = await createStudy({ seed: 2 });
    await study.enqueueTrial({ x: 0.25, kind: 'b' }, { userAttrs: { source: 'manual' } });
    await study.enqueueTrial({ x: 0.25, kind: 'b' }, { skipIfExists: true });
    await study.enqueueTrial({ x: 0.2500001, kind: 'b' }, { skipIfExists: true });
    await study.enqueueTrial({ x: 7 });
    await study.optimize(
      (trial) =>
        trial.suggestFloat('x', 0, 1) +
        (trial.suggestCategorical('kind', ['a', 'b']) === 'a' ? 1 : 0),
      { nTrials: 3 },
    );
    const trials = await study.trials;
    expect(trials).toHaveLength(3);
    expect(trials[0]?.params).toEqual({ x: 0.25, kind: 'b' });
    expect(trials[0]?.userAttrs).toEqual({ source: 'manual' });
    expect(trials[0]?.systemAttrs.fixed_params).toEqual({ x: 0.25, kind: 'b' });
    expect(trials[1]?.params.x).toBe(7);
    expect(['a', 'b']).toContain(trials[1]?.params.kind);
    expect(trials[2]?.systemAttrs.fixed_params).toBeUndefined();
  });

  it('lets concurrent asks claim each WAITING trial once', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'shared' });
    const other = await loadStudy({ storage, studyName: 'shared' });
    for (let index = 0; index < 3; index += 1) await study.enqueueTrial({ x: index });
    const trials = await Promise.all([study.ask(), other.ask(), study.ask(), other.ask()]);
    const xs = trials.map((trial) => trial.suggestFloat('x', 0, 10));
    expect(xs.slice(0, 3).sort()).toEqual([0, 1, 2]);
    expect(new Set(trials.map((trial) => trial.number)).size).toBe(4);
  });

  it('suggests fixed distributions at ask time', async () => {
    const study = await createStudy({ seed: 4 });
    const trial = await study.ask({
      lr: { kind: 'float', low: 1e-4, high: 1, log: true, step: null },
    });
    expect(trial.params.lr).toBeGreaterThanOrEqual(1e-4);
  });
});

describe('best trials, constraints, attributes', () => {
  it('counts only feasible trials once constraints exist', async () => {
    const study = await createStudy({ direction: 'maximize' });
    for (const [value, constraint] of [
      [10, 1],
      [5, 0],
      [7, -1],
    ] as const) {
      const trial = await study.ask();
      trial.setConstraint('budget', constraint);
      trial.setConstraint('budget', 100);
      await study.tell(trial, value);
    }
    expect(await study.bestValue).toBe(7);
    const [first] = await study.trials;
    expect(first?.systemAttrs['constraints:budget']).toBe(1);
  });

  it('throws typed errors for no trials and for multi-objective bestTrial', async () => {
    const empty = await createStudy({ studyName: 'empty' });
    await expect(empty.bestTrial).rejects.toSatisfy((error) =>
      NoCompletedTrialsError.isInstance(error),
    );
    const multi = await createStudy({ directions: ['minimize', 'maximize'] });
    await expect(multi.bestTrial).rejects.toSatisfy((error) =>
      MultiObjectiveError.isInstance(error),
    );
    expect(() => multi.direction).toThrow(MultiObjectiveError);
    expect(
      MultiObjectiveError.isInstance(
        new NoCompletedTrialsError({ studyName: 'x', feasibleOnly: false }),
      ),
    ).toBe(false);
  });

  it('returns the Pareto front for several objectives', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'] });
    const points = [
      [1, 1],
      [2, 3],
      [2, 2],
      [0, 0],
      [1, 1],
    ];
    for (const point of points) {
      const trial = await study.ask();
      await study.tell(trial, point);
    }
    expect((await study.bestTrials).map((trial) => trial.number)).toEqual([0, 1, 3, 4]);
    const trial = await study.ask();
    await expect(trial.report(1, 0)).rejects.toThrow(MultiObjectiveError);
  });

  it('stores study and trial user attributes', async () => {
    const study = await createStudy();
    await study.setUserAttr('owner', 'me');
    expect(await study.userAttrs).toEqual({ owner: 'me' });
    const trial = await study.ask();
    trial.setUserAttr('note', { a: [1, 2] });
    await study.tell(trial, 0);
    expect((await study.trials)[0]?.userAttrs).toEqual({ note: { a: [1, 2] } });
  });

  it('adds finished trials and validates them', async () => {
    const study = await createStudy();
    const x = { kind: 'float', low: 0, high: 1, log: false, step: null } as const;
    await study.addTrial({ values: [0.5], params: { x: 0.3 }, distributions: { x } });
    await expect(
      study.addTrial({ values: [0.5], params: { x: 3 }, distributions: { x } }),
    ).rejects.toThrow(/outside/);
    await expect(study.addTrial({ params: { x: 0.3 }, distributions: { x } })).rejects.toThrow(
      /needs values/,
    );
    const [added] = await study.trials;
    expect(added?.params.x).toBe(0.3);
    expect(await study.bestValue).toBe(0.5);
  });
});

describe('loadStudy and export', () => {
  it('loads by name, refuses duplicates unless loadIfExists', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 's', direction: 'maximize' });
    await study.optimize(() => 1, { nTrials: 2 });
    await expect(createStudy({ storage, studyName: 's' })).rejects.toThrow(/already exists/);
    const again = await createStudy({ storage, studyName: 's', loadIfExists: true });
    expect(again.directions).toEqual(['maximize']);
    expect(await (await loadStudy({ storage, studyName: 's' })).trials).toHaveLength(2);
    await expect(loadStudy({ storage, studyName: 'missing' })).rejects.toThrow(/No study/);
  });

  it('exports trials as Arrow and CSV with Optuna column names', async () => {
    const study = await createStudy({ seed: 1 });
    await study.optimize(
      (trial) => {
        trial.suggestCategorical('mixed', [1, 'a']);
        trial.setUserAttr('tag', 't');
        return trial.suggestFloat('x', 0, 1);
      },
      { nTrials: 3 },
    );
    const table = await study.toArrowTable();
    expect(table.schema.fields.map((field) => field.name)).toEqual([
      'number',
      'value',
      'datetime_start',
      'datetime_complete',
      'duration_ms',
      'params_mixed',
      'params_x',
      'user_attrs_tag',
      'state',
    ]);
    expect(table.numRows).toBe(3);
    const csv = await study.toCsv();
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      'number,value,datetime_start,datetime_complete,duration_ms,params_mixed,params_x,user_attrs_tag,state',
    );
    expect(lines[1]?.endsWith(',t,COMPLETE')).toBe(true);
  });
});
