import { describe, expect, it } from 'vitest';
import { branin, hartmann6, mixed } from '../bench/functions';
import {
  createStudy,
  type FrozenTrial,
  GPSampler,
  InMemoryStorage,
  RandomSampler,
  type Sampler,
  TPESampler,
  type Trial,
} from '../src';

/** Every parameter and value as the bits of its double (or the JSON of a choice). */
function fingerprint(trials: readonly FrozenTrial[]): string[] {
  const bits = (value: unknown) =>
    typeof value === 'number'
      ? Buffer.from(Float64Array.of(value).buffer).toString('hex')
      : JSON.stringify(value);
  return trials.map((trial) =>
    [
      trial.number,
      trial.state,
      ...Object.entries(trial.params).map(([name, value]) => `${name}=${bits(value)}`),
      ...(trial.values ?? []).map(bits),
    ].join(' '),
  );
}

async function runStudy(
  sampler: Sampler,
  objective: (trial: Trial) => number,
  nTrials: number,
): Promise<string[]> {
  const study = await createStudy({ sampler, storage: new InMemoryStorage() });
  await study.optimize(objective, { nTrials });
  return fingerprint(await study.trials);
}

// The guarantee of the README's "Reproducibility" section: with a seed and concurrency 1,
// a study repeats bit for bit, past the random startup into the model-based phase.
describe('seeded sequential studies repeat bit for bit', () => {
  const cases: [string, (seed: number) => Sampler, (trial: Trial) => number, number][] = [
    ['TPE (multivariate, conditional mixed space)', (seed) => new TPESampler({ seed }), mixed, 40],
    [
      'TPE (independent)',
      (seed) => new TPESampler({ seed, multivariate: false }),
      (trial) =>
        hartmann6([0, 1, 2, 3, 4, 5].map((index) => trial.suggestFloat(`x${index}`, 0, 1))),
      30,
    ],
    [
      'GP',
      (seed) => new GPSampler({ seed }),
      (trial) => branin(trial.suggestFloat('x1', -5, 10), trial.suggestFloat('x2', 0, 15)),
      16,
    ],
    ['Random', (seed) => new RandomSampler({ seed }), mixed, 30],
  ];
  it.each(cases)(
    '%s',
    async (_, makeSampler, objective, nTrials) => {
      const first = await runStudy(makeSampler(11), objective, nTrials);
      const second = await runStudy(makeSampler(11), objective, nTrials);
      const other = await runStudy(makeSampler(12), objective, nTrials);
      expect(first).toHaveLength(nTrials);
      expect(second).toEqual(first);
      expect(other).not.toEqual(first);
    },
    120_000,
  );

  it('the default sampler (TPE) with createStudy({ seed })', async () => {
    const run = async () => {
      const study = await createStudy({ seed: 5 });
      await study.optimize(mixed, { nTrials: 25 });
      return fingerprint(await study.trials);
    };
    expect(await run()).toEqual(await run());
  });
});

describe('TPE constant liar across workers', () => {
  it('stores the relative sample of a running trial where other workers read it', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ sampler: new TPESampler({ seed: 3 }), storage });
    await study.optimize((trial) => mixed(trial), { nTrials: 12 });
    const running = await study.ask();
    const kernel = running.suggestCategorical('kernel', ['linear', 'rbf', 'poly']);
    const lr = running.suggestFloat('lr', 1e-5, 1.0, { log: true });
    // The writes of a trial are queued; an awaited report flushes them.
    await running.report(0, 0);
    const stored = await storage.getTrial(running.trialId);
    expect(stored.state).toBe('RUNNING');
    const chunks = Object.keys(stored.systemAttrs).filter((key) =>
      key.startsWith('tpe:relative_params:'),
    );
    expect(chunks.length).toBeGreaterThan(0);
    const relative = JSON.parse(
      chunks
        .sort()
        .map((key) => stored.systemAttrs[key])
        .join(''),
    ) as Record<string, unknown>;
    expect(relative.kernel).toBe(kernel);
    expect(relative.lr).toBe(lr);
  });
});
