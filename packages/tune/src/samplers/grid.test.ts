import { describe, expect, it } from 'vitest';
import { InMemoryStorage } from '../storage/in-memory-storage';
import { createStudy, loadStudy } from '../study/create-study';
import { GridSampler } from './grid';

const space = { x: [1, 2, 3], kind: ['a', 'b'] } as const;

async function runGrid(seed: number, concurrency = 1) {
  const study = await createStudy({ sampler: new GridSampler(space, { seed }) });
  await study.optimize(
    async (trial) => {
      const x = trial.suggestInt('x', 1, 3);
      const kind = trial.suggestCategorical('kind', ['a', 'b']);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return x + (kind === 'a' ? 0 : 10);
    },
    { nTrials: 100, concurrency },
  );
  return study.trials;
}

describe('GridSampler', () => {
  it('evaluates each grid point once and then stops the study', async () => {
    const trials = await runGrid(0);
    expect(trials).toHaveLength(6);
    const points = trials.map((trial) => `${trial.params.x}${trial.params.kind}`).sort();
    expect(points).toEqual(['1a', '1b', '2a', '2b', '3a', '3b']);
    expect(trials.map((trial) => trial.systemAttrs.grid_id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trials[0]?.systemAttrs.search_space).toEqual({ kind: ['a', 'b'], x: [1, 2, 3] });
  });

  it('orders the grid by the seed, reproducibly', async () => {
    const order = async (seed: number) =>
      (await runGrid(seed)).map((trial) => `${trial.params.x}${trial.params.kind}`);
    expect(await order(1)).toEqual(await order(1));
    expect(await order(1)).not.toEqual(await order(2));
  });

  it('covers the grid once with concurrent trials', async () => {
    const trials = await runGrid(0, 4);
    expect(trials).toHaveLength(6);
    expect(new Set(trials.map((trial) => `${trial.params.x}${trial.params.kind}`)).size).toBe(6);
  });

  it('fills points left over by enqueued trials with unvisited points', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({
      storage,
      studyName: 'g',
      sampler: new GridSampler({ x: [1, 2, 3] }),
    });
    await study.enqueueTrial({ x: 2 });
    await study.optimize((trial) => trial.suggestInt('x', 1, 3), { nTrials: 10 });
    const xs = (await study.trials).map((trial) => trial.params.x);
    expect(new Set(xs)).toEqual(new Set([1, 2, 3]));
    const other = await loadStudy({
      storage,
      studyName: 'g',
      sampler: new GridSampler({ x: [1, 2, 3] }),
    });
    await other.optimize((trial) => trial.suggestInt('x', 1, 3), { nTrials: 10 });
    expect(await other.trials).toHaveLength(xs.length);
  });

  it('rejects parameters outside the grid', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [1] }) });
    const trial = await study.ask();
    expect(() => trial.suggestFloat('y', 0, 1)).toThrow(/not in GridSampler/);
    expect(new GridSampler({ a: [1, 2], b: [true, false, null] }).size).toBe(6);
  });
});
