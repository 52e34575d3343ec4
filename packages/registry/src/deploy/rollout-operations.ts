import type { RegistryClient } from '../client/registry-client';
import { ModelVersionNotReadyError } from '../errors';
import { type AnalysisSpec, runAnalysis } from './analysis';
import { RolloutStateError } from './errors';
import type {
  RollbackTiming,
  RollbackTrigger,
  RolloutAuditSink,
  RolloutReport,
  RolloutStepReport,
} from './rollout-report';
import {
  type RolloutPhase,
  type RolloutRecord,
  type RolloutState,
  readRolloutState,
  rolloutAliases,
  rolloutTags,
} from './rollout-state';

/** What the rollout operations work with (the controller's resolved settings). */
export interface RolloutContext {
  readonly registry: RegistryClient;
  readonly name: string;
  readonly actor: string;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly confirmPollMs: number;
  readonly confirmTimeoutMs: number;
  readonly audit: RolloutAuditSink | undefined;
  readonly beforePromote?: ((version: string) => Promise<void>) | undefined;
}

/**
 * The registry writes of a rollout, each in the order that keeps replicas safe, with its
 * audit entry: promotion, challenger removal, champion revert, checks and reports. The
 * controller sequences them.
 */
export function createRolloutOperations(context: RolloutContext) {
  const { registry, name, actor, now, sleep, confirmPollMs, confirmTimeoutMs } = context;
  const audit = async (
    action: string,
    version: string | undefined,
    details: Record<string, unknown>,
  ) => {
    await context.audit?.append({
      actor,
      action,
      ...(version === undefined ? {} : { version }),
      details: { model: name, ...details },
    });
  };

  const writeRecord = async (record: RolloutRecord) => {
    await registry.setRegisteredModelTag(name, rolloutTags.state, JSON.stringify(record));
  };
  const recordOf = (
    base: Pick<RolloutRecord, 'strategy' | 'version' | 'startedAt'>,
    phase: RolloutPhase,
    stepIndex: number,
    reason?: string,
  ): RolloutRecord => ({
    ...base,
    phase,
    stepIndex,
    updatedAt: new Date().toISOString(),
    ...(reason === undefined ? {} : { reason }),
  });

  const deleteAliasIfSet = async (alias: string) => {
    try {
      await registry.deleteAlias(name, alias);
    } catch (error) {
      // Already gone (another controller, or a retried request): the state we want.
      if ((error as { errorCode?: unknown }).errorCode !== 'RESOURCE_DOES_NOT_EXIST') throw error;
    }
  };

  /** Reads the registry until `done(state)` holds: the rollback is then visible to every replica. */
  const confirm = async (done: (state: RolloutState) => boolean): Promise<number> => {
    const deadline = now() + confirmTimeoutMs;
    for (;;) {
      const state = await readRolloutState(registry, name);
      if (done(state)) return now();
      if (now() > deadline) {
        throw new RolloutStateError({
          reason: 'ROLLBACK_NOT_VISIBLE',
          model: name,
          message: `The rollback of ${name} was written but the registry still shows ${JSON.stringify(state)} after ${confirmTimeoutMs} ms.`,
        });
      }
      await sleep(confirmPollMs, AbortSignal.timeout(confirmTimeoutMs));
    }
  };

  /** Weight 0 first (traffic leaves the challenger at once), then the alias, then the record. */
  const removeChallenger = async (
    base: Pick<RolloutRecord, 'strategy' | 'version' | 'startedAt'>,
    stepIndex: number,
    phase: 'RolledBack' | 'Aborted',
    trigger: RollbackTrigger,
    triggeredAt: number,
    reason: string,
  ): Promise<{ step: RolloutStepReport; timing: RollbackTiming }> => {
    const startedAt = now();
    await registry.setRegisteredModelTag(name, rolloutTags.weight, '0');
    await deleteAliasIfSet(rolloutAliases.challenger);
    await writeRecord(recordOf(base, phase, stepIndex, reason));
    let champion: string | undefined;
    const visibleAt = await confirm((state) => {
      champion = state.champion;
      return state.challenger === undefined && state.weight === 0;
    });
    const timing: RollbackTiming = {
      trigger,
      triggeredAt,
      visibleAt,
      durationMs: visibleAt - triggeredAt,
      champion,
    };
    await audit(phase === 'Aborted' ? 'rollout.abort' : 'rollout.rollback', base.version, {
      trigger,
      reason,
      durationMs: timing.durationMs,
    });
    const finishedAt = now();
    return {
      step: {
        index: -1,
        kind: phase === 'Aborted' ? 'abort' : 'rollback',
        weight: 0,
        startedAt,
        finishedAt,
        durationMs: finishedAt - startedAt,
      },
      timing,
    };
  };

  const revertChampion = async (
    base: Pick<RolloutRecord, 'strategy' | 'version' | 'startedAt'>,
    previous: string,
    trigger: RollbackTrigger,
    triggeredAt: number,
    reason: string,
  ): Promise<{ step: RolloutStepReport; timing: RollbackTiming }> => {
    const startedAt = now();
    await registry.setAlias(name, rolloutAliases.champion, previous);
    await registry.deleteAlias(name, rolloutAliases.previous);
    await writeRecord(recordOf(base, 'RolledBack', -1, reason));
    const visibleAt = await confirm(
      (state) => state.champion === previous && state.previous === undefined,
    );
    const timing: RollbackTiming = {
      trigger,
      triggeredAt,
      visibleAt,
      durationMs: visibleAt - triggeredAt,
      champion: previous,
    };
    await audit('rollout.rollback', base.version, {
      trigger,
      reason,
      champion: previous,
      durationMs: timing.durationMs,
    });
    const finishedAt = now();
    return {
      step: {
        index: -1,
        kind: 'rollback',
        startedAt,
        finishedAt,
        durationMs: finishedAt - startedAt,
      },
      timing,
    };
  };

  const checkVersion = async (version: string) => {
    const record = await registry.getModelVersion(name, version);
    if (record.status !== 'READY') {
      throw new ModelVersionNotReadyError({
        model: name,
        version,
        status: record.status,
        message: `Version ${version} of ${name} is ${record.status}; only READY versions can be rolled out.`,
      });
    }
  };

  const checkIdle = async (version: string): Promise<RolloutState> => {
    const state = await readRolloutState(registry, name);
    if (state.challenger !== undefined) {
      throw new RolloutStateError({
        reason: 'ROLLOUT_IN_PROGRESS',
        model: name,
        message: `Version ${state.challenger} of ${name} already holds the challenger alias; promote or roll it back first.`,
      });
    }
    if (state.champion === undefined) {
      throw new RolloutStateError({
        reason: 'NO_CHAMPION',
        model: name,
        message: `${name} has no champion alias to roll out against; set it with setAlias(name, 'champion', version) for a first deployment.`,
      });
    }
    if (state.champion === version) {
      throw new RolloutStateError({
        reason: 'ALREADY_CHAMPION',
        model: name,
        message: `Version ${version} of ${name} is already the champion.`,
      });
    }
    return state;
  };

  const report = (
    base: Pick<RolloutRecord, 'strategy' | 'version'>,
    startedAt: number,
    steps: RolloutStepReport[],
    phase: RolloutPhase,
    extra: { reason?: string; rollback?: RollbackTiming } = {},
  ): RolloutReport => {
    const finishedAt = now();
    return {
      model: name,
      version: base.version,
      strategy: base.strategy,
      phase,
      ...(extra.reason === undefined ? {} : { reason: extra.reason }),
      steps,
      startedAt,
      finishedAt,
      durationMs: finishedAt - startedAt,
      ...(extra.rollback === undefined ? {} : { rollback: extra.rollback }),
    };
  };

  /**
   * Promotes `version` and runs the post-promotion analysis. Returns the steps and, when the
   * analysis failed, the rollback.
   */
  const promoteVersion = async (
    base: Pick<RolloutRecord, 'strategy' | 'version' | 'startedAt'>,
    stepIndex: number,
    postPromotionAnalysis: AnalysisSpec | undefined,
    stop: AbortSignal,
    onStep: ((step: RolloutStepReport) => void) | undefined,
  ): Promise<{ steps: RolloutStepReport[]; rollback?: RollbackTiming; reason?: string }> => {
    const steps: RolloutStepReport[] = [];
    const push = (step: RolloutStepReport) => {
      steps.push(step);
      onStep?.(step);
    };
    await context.beforePromote?.(base.version);
    const startedAt = now();
    const before = await readRolloutState(registry, name);
    if (before.champion !== undefined)
      await registry.setAlias(name, rolloutAliases.previous, before.champion);
    await registry.setAlias(name, rolloutAliases.champion, base.version);
    await registry.setRegisteredModelTag(name, rolloutTags.weight, '0');
    if (before.challenger !== undefined)
      await registry.deleteAlias(name, rolloutAliases.challenger);
    await writeRecord(recordOf(base, 'Promoted', stepIndex));
    await audit('rollout.promote', base.version, {
      previous: before.champion,
      strategy: base.strategy,
    });
    const promotedAt = now();
    push({
      index: -1,
      kind: 'promote',
      weight: 0,
      startedAt,
      finishedAt: promotedAt,
      durationMs: promotedAt - startedAt,
    });
    if (postPromotionAnalysis === undefined) return { steps };
    const analysis = await runAnalysis(postPromotionAnalysis, { signal: stop, now, sleep });
    await audit('rollout.post-promotion-analysis', base.version, { phase: analysis.phase });
    push({
      index: -1,
      kind: 'postPromotionAnalysis',
      analysis,
      startedAt: analysis.startedAt,
      finishedAt: analysis.finishedAt,
      durationMs: analysis.finishedAt - analysis.startedAt,
    });
    if (
      (analysis.phase !== 'Failed' && analysis.phase !== 'Error') ||
      before.champion === undefined
    )
      return { steps };
    const reason = `post-promotion analysis ${analysis.phase} (${analysis.decidedBy?.metric ?? 'metric'})`;
    const { step, timing } = await revertChampion(
      base,
      before.champion,
      'postPromotionAnalysis',
      analysis.decidedBy?.measurementFinishedAt ?? analysis.finishedAt,
      reason,
    );
    push(step);
    return { steps, rollback: timing, reason };
  };

  return {
    audit,
    writeRecord,
    recordOf,
    removeChallenger,
    revertChampion,
    checkVersion,
    checkIdle,
    report,
    promoteVersion,
  };
}
