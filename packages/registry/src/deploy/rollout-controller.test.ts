import { describe, expect, it } from 'vitest';
import type { AnalysisSpec } from './analysis';
import type { MetricValue } from './condition';
import { RolloutStateError } from './errors';
import { createInMemoryRegistry } from './in-memory-registry.test-support';
import { callbackProvider } from './metric-provider';
import { createRolloutController } from './rollout-controller';
import type { RolloutStepReport } from './rollout-report';
import { chooseVersion, readRolloutState, rolloutTags } from './rollout-state';
import { createVirtualClock } from './virtual-clock.test-support';

const model = 'log-classifier';

function setup() {
  const registry = createInMemoryRegistry();
  registry.addVersions(model, 3);
  const entries: {
    actor: string;
    action: string;
    version?: string;
    details?: Record<string, unknown>;
  }[] = [];
  const clock = createVirtualClock(0);
  const controller = createRolloutController({
    registry,
    modelName: model,
    audit: { append: async (entry) => entries.push(entry) },
    ...clock,
  });
  return { registry, entries, clock, controller };
}

/** An analysis over a metric whose values come from `values` in order (the last repeats). */
function analysisOf(
  values: readonly MetricValue[],
  count = 3,
): AnalysisSpec & { calls: () => number } {
  let index = 0;
  const provider = callbackProvider(
    () => values[Math.min(index++, values.length - 1)] as MetricValue,
  );
  return {
    metrics: [
      {
        name: 'success-rate',
        provider,
        successCondition: 'result >= 0.95',
        intervalMs: 1000,
        count,
      },
    ],
    calls: () => index,
  };
}

describe('createRolloutController: canary', () => {
  it('moves the weight step by step, then promotes: champion → canary, previous → old champion', async () => {
    const { registry, entries, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    registry.writes.length = 0;
    const seen: RolloutStepReport[] = [];
    const weights: number[] = [];
    const report = await controller.runCanary(
      {
        version: '2',
        steps: [
          { setWeight: 20 },
          { pause: { durationMs: 60_000 } },
          { analysis: analysisOf([0.99]) },
          { setWeight: 50 },
          { analysis: analysisOf([0.97]) },
        ],
      },
      {
        onStep: async (step) => {
          seen.push(step);
          if (step.kind === 'setWeight')
            weights.push((await readRolloutState(registry, model)).weight);
        },
      },
    );
    expect(report.phase).toBe('Promoted');
    expect(report.steps.map((step) => step.kind)).toEqual([
      'setWeight',
      'pause',
      'analysis',
      'setWeight',
      'analysis',
      'promote',
    ]);
    expect(seen).toHaveLength(6);
    expect(report.steps[1]?.durationMs).toBe(60_000);
    expect(report.steps[2]?.analysis?.phase).toBe('Successful');
    expect(report.durationMs).toBe(60_000 + 2 * 2000);
    expect(weights).toEqual([20, 50]);
    const state = await readRolloutState(registry, model);
    expect(state).toMatchObject({ champion: '2', previous: '1', challenger: undefined, weight: 0 });
    expect(state.record).toMatchObject({
      phase: 'Promoted',
      strategy: 'canary',
      version: '2',
      stepIndex: 5,
    });
    // The challenger alias is set before any weight > 0, and the weight is 0 before it goes.
    const aliasOps = registry.writes.filter(
      (write) => write.op !== 'setTag' || write.key === rolloutTags.weight,
    );
    expect(aliasOps).toEqual([
      { op: 'setTag', key: rolloutTags.weight, value: '0' },
      { op: 'setAlias', alias: 'challenger', version: '2' },
      { op: 'setTag', key: rolloutTags.weight, value: '20' },
      { op: 'setTag', key: rolloutTags.weight, value: '50' },
      { op: 'setAlias', alias: 'previous', version: '1' },
      { op: 'setAlias', alias: 'champion', version: '2' },
      { op: 'setTag', key: rolloutTags.weight, value: '0' },
      { op: 'deleteAlias', alias: 'challenger' },
    ]);
    expect(entries.map((entry) => entry.action)).toEqual([
      'rollout.canary.start',
      'rollout.set-weight',
      'rollout.pause',
      'rollout.analysis',
      'rollout.set-weight',
      'rollout.analysis',
      'rollout.promote',
    ]);
    expect(
      entries.every((entry) => entry.actor === 'rollout-controller' && entry.version === '2'),
    ).toBe(true);
    expect(entries[6]?.details).toMatchObject({ model, previous: '1' });
  });

  it('rolls back by itself when an analysis fails: weight 0, challenger removed, champion untouched', async () => {
    const { registry, entries, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    await registry.setAlias(model, 'previous', '3');
    const later = analysisOf([0.99]);
    const report = await controller.runCanary({
      version: '2',
      steps: [
        { setWeight: 30 },
        { analysis: analysisOf([0.99, 0.6]) },
        { setWeight: 60 },
        { analysis: later },
      ],
    });
    expect(report.phase).toBe('RolledBack');
    expect(report.reason).toMatch(/analysis at step 1 Failed \(success-rate\)/);
    expect(report.steps.map((step) => step.kind)).toEqual(['setWeight', 'analysis', 'rollback']);
    expect(later.calls()).toBe(0);
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      previous: '3',
      challenger: undefined,
      weight: 0,
      record: { phase: 'RolledBack', stepIndex: 1 },
    });
    expect(report.rollback).toMatchObject({
      trigger: 'analysis',
      triggeredAt: 1000,
      champion: '1',
    });
    expect((await registry.getRegisteredModel(model)).tags[rolloutTags.weight]).toBe('0');
    expect(report.rollback?.durationMs).toBe(
      report.rollback ? report.rollback.visibleAt - 1000 : -1,
    );
    expect(entries.at(-1)).toMatchObject({
      action: 'rollout.rollback',
      details: { trigger: 'analysis' },
    });
    expect(entries.find((entry) => entry.action === 'rollout.analysis')?.details).toMatchObject({
      phase: 'Failed',
    });
  });

  it('re-points champion to previous when the post-promotion analysis fails', async () => {
    const { registry, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    const report = await controller.runCanary({
      version: '2',
      steps: [{ setWeight: 50 }],
      postPromotionAnalysis: analysisOf([0.99, 0.1]),
    });
    expect(report.phase).toBe('RolledBack');
    expect(report.steps.map((step) => step.kind)).toEqual([
      'setWeight',
      'promote',
      'postPromotionAnalysis',
      'rollback',
    ]);
    expect(report.rollback).toMatchObject({ trigger: 'postPromotionAnalysis', champion: '1' });
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      previous: undefined,
      challenger: undefined,
      weight: 0,
    });
  });

  it('pauses on an Inconclusive analysis; promote() then finishes it', async () => {
    const { registry, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    const inconclusive: AnalysisSpec = {
      metrics: [
        {
          name: 'latency',
          provider: callbackProvider(() => 300),
          successCondition: 'result < 200',
          failureCondition: 'result > 500',
        },
      ],
    };
    const report = await controller.runCanary({
      version: '2',
      steps: [{ setWeight: 10 }, { analysis: inconclusive }, { setWeight: 90 }],
    });
    expect(report.phase).toBe('Paused');
    expect(await readRolloutState(registry, model)).toMatchObject({
      challenger: '2',
      weight: 10,
      record: { phase: 'Paused', stepIndex: 1 },
    });
    const promoted = await controller.promote();
    expect(promoted).toMatchObject({ phase: 'Promoted', strategy: 'canary', version: '2' });
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '2',
      previous: '1',
      challenger: undefined,
      weight: 0,
    });
  });

  it('pauses indefinitely on a pause without duration; rollback() removes the challenger', async () => {
    const { registry, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    const report = await controller.runCanary({
      version: '3',
      steps: [{ setWeight: 25 }, { pause: {} }],
    });
    expect(report.phase).toBe('Paused');
    const rolledBack = await controller.rollback();
    expect(rolledBack).toMatchObject({
      phase: 'RolledBack',
      version: '3',
      rollback: { trigger: 'manual', champion: '1' },
    });
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      challenger: undefined,
      weight: 0,
    });
  });

  it('rollback() during a running canary stops it and rolls back', async () => {
    const registry = createInMemoryRegistry();
    registry.addVersions(model, 2);
    await registry.setAlias(model, 'champion', '1');
    const controller = createRolloutController({ registry, modelName: model, confirmPollMs: 1 });
    const running = controller.runCanary({
      version: '2',
      steps: [{ setWeight: 40 }, { pause: { durationMs: 60_000 } }, { setWeight: 80 }],
    });
    while ((await readRolloutState(registry, model)).weight !== 40)
      await new Promise((resolve) => setTimeout(resolve, 1));
    const manual = await controller.rollback();
    const report = await running;
    expect(manual).toBe(report);
    expect(report).toMatchObject({
      phase: 'RolledBack',
      reason: 'manual rollback',
      rollback: { trigger: 'manual' },
    });
    expect(report.rollback?.durationMs).toBeLessThan(5000);
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      challenger: undefined,
      weight: 0,
    });
  });

  it('an aborted signal rolls back, then rejects with its reason', async () => {
    const { registry, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    const signal = new AbortController();
    const reason = new Error('deploy cancelled');
    const running = controller.runCanary(
      { version: '2', steps: [{ setWeight: 40 }, { pause: { durationMs: 60_000 } }] },
      { signal: signal.signal, onStep: () => signal.abort(reason) },
    );
    await expect(running).rejects.toBe(reason);
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      challenger: undefined,
      weight: 0,
      record: { phase: 'RolledBack' },
    });
  });

  it('refuses a second rollout, a missing champion, the champion itself, and a plan error, writing nothing', async () => {
    const { registry, controller } = setup();
    const reasonOf = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        return RolloutStateError.isInstance(error) ? error.reason : String(error);
      }
      return 'resolved';
    };
    expect(await reasonOf(controller.runCanary({ version: '2', steps: [] }))).toBe('NO_CHAMPION');
    await registry.setAlias(model, 'champion', '1');
    expect(await reasonOf(controller.runCanary({ version: '1', steps: [] }))).toBe(
      'ALREADY_CHAMPION',
    );
    await registry.setAlias(model, 'challenger', '3');
    registry.writes.length = 0;
    expect(await reasonOf(controller.runCanary({ version: '2', steps: [] }))).toBe(
      'ROLLOUT_IN_PROGRESS',
    );
    await expect(
      controller.runCanary({ version: '2', steps: [{ setWeight: 200 }] }),
    ).rejects.toThrow(/setWeight/);
    await expect(controller.blueGreen({ preview: 'latest' })).rejects.toMatchObject({
      path: 'version',
    });
    expect(await reasonOf(controller.runCanary({ version: '9', steps: [] }))).toMatch(/not found/);
    expect(registry.writes).toEqual([]);
  });
});

describe('createRolloutController: blue/green and manual actions', () => {
  it('previews with no traffic, then promote() swaps the champion and keeps the old one as previous', async () => {
    const { registry, entries, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    const preview = await controller.blueGreen({ preview: '2' });
    expect(preview.phase).toBe('Preview');
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      challenger: '2',
      weight: 0,
      record: { strategy: 'blueGreen' },
    });
    const promoted = await controller.promote();
    expect(promoted).toMatchObject({ phase: 'Promoted', strategy: 'blueGreen' });
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '2',
      previous: '1',
      challenger: undefined,
    });
    const back = await controller.rollback();
    expect(back.rollback).toMatchObject({ trigger: 'manual', champion: '1' });
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      previous: undefined,
    });
    expect(entries.map((entry) => entry.action)).toEqual([
      'rollout.blue-green.preview',
      'rollout.promote',
      'rollout.rollback',
    ]);
    await expect(controller.rollback()).rejects.toMatchObject({ reason: 'NOTHING_TO_ROLL_BACK' });
    await expect(controller.promote()).rejects.toMatchObject({ reason: 'NOTHING_TO_PROMOTE' });
  });

  it('abort() drops the preview; a failing pre-promotion analysis aborts by itself', async () => {
    const { registry, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    await controller.blueGreen({ preview: '2' });
    expect(await controller.abort()).toMatchObject({ phase: 'Aborted' });
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      challenger: undefined,
      record: { phase: 'Aborted' },
    });
    const failed = await controller.blueGreen({
      preview: '3',
      prePromotionAnalysis: analysisOf([0.2], 1),
    });
    expect(failed).toMatchObject({ phase: 'Aborted', rollback: { trigger: 'analysis' } });
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      challenger: undefined,
    });
    await expect(controller.abort()).rejects.toMatchObject({ reason: 'NOTHING_TO_ABORT' });
  });

  it('promote() with a failing post-promotion analysis switches back', async () => {
    const { registry, controller } = setup();
    await registry.setAlias(model, 'champion', '1');
    await controller.blueGreen({ preview: '2' });
    const report = await controller.promote({ postPromotionAnalysis: analysisOf([0.1], 1) });
    expect(report).toMatchObject({
      phase: 'RolledBack',
      rollback: { trigger: 'postPromotionAnalysis', champion: '1' },
    });
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '1',
      challenger: undefined,
    });
  });
});

describe('rollout state', () => {
  it('routes weight % of draws to the challenger and the rest to the champion', () => {
    const state = {
      model,
      champion: '1',
      challenger: '2',
      previous: undefined,
      weight: 20,
      record: undefined,
    };
    const routed = Array.from({ length: 100 }, (_, index) => chooseVersion(state, index / 100));
    expect(routed.filter((version) => version === '2')).toHaveLength(20);
    expect(chooseVersion({ ...state, challenger: undefined, weight: 0 }, 0)).toBe('1');
    expect(
      chooseVersion({ ...state, champion: undefined, challenger: undefined, weight: 0 }),
    ).toBeUndefined();
  });

  it('reads an unreadable weight or record as 0 and undefined', async () => {
    const registry = createInMemoryRegistry();
    registry.addVersions(model, 2);
    await registry.setAlias(model, 'challenger', '2');
    await registry.setRegisteredModelTag(model, rolloutTags.weight, 'lots');
    await registry.setRegisteredModelTag(model, rolloutTags.state, '{oops');
    expect(await readRolloutState(registry, model)).toMatchObject({
      challenger: '2',
      weight: 0,
      record: undefined,
    });
    await registry.setRegisteredModelTag(model, rolloutTags.weight, '35');
    expect((await readRolloutState(registry, model)).weight).toBe(35);
  });
});

describe('createRolloutController: beforePromote', () => {
  it('rolls the canary back and rethrows when the guard refuses the promotion', async () => {
    const registry = createInMemoryRegistry();
    registry.addVersions(model, 2);
    await registry.setAlias(model, 'champion', '1');
    const guarded: string[] = [];
    const clock = createVirtualClock(0);
    const controller = createRolloutController({
      registry,
      modelName: model,
      beforePromote: async (version) => {
        guarded.push(version);
        throw new Error(`version ${version} is not approved`);
      },
      ...clock,
    });
    await expect(
      controller.runCanary({ version: '2', steps: [{ setWeight: 50 }] }),
    ).rejects.toThrow('version 2 is not approved');
    expect(guarded).toEqual(['2']);
    const state = await readRolloutState(registry, model);
    expect(state).toMatchObject({ champion: '1', challenger: undefined, weight: 0 });
    expect(state.previous).toBeUndefined();
  });

  it('promotes when the guard resolves', async () => {
    const registry = createInMemoryRegistry();
    registry.addVersions(model, 2);
    await registry.setAlias(model, 'champion', '1');
    const controller = createRolloutController({
      registry,
      modelName: model,
      beforePromote: async () => undefined,
      ...createVirtualClock(0),
    });
    const report = await controller.runCanary({ version: '2', steps: [{ setWeight: 50 }] });
    expect(report.phase).toBe('Promoted');
    expect(await readRolloutState(registry, model)).toMatchObject({
      champion: '2',
      previous: '1',
    });
  });
});
