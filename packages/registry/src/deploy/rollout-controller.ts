import { abortableSleep } from '@dagnostics/core';
import type { RegistryClient } from '../client/registry-client';
import { type AnalysisResult, type AnalysisSpec, runAnalysis, validateAnalysis } from './analysis';
import { type CanaryPlan, validateCanaryPlan } from './canary-plan';
import { RolloutStateError } from './errors';
import { createRolloutOperations } from './rollout-operations';
import type {
  RollbackTrigger,
  RolloutAuditSink,
  RolloutReport,
  RolloutRunOptions,
  RolloutStepReport,
} from './rollout-report';
import { type RolloutState, readRolloutState, rolloutAliases, rolloutTags } from './rollout-state';

/** Settings of `createRolloutController`. */
export interface RolloutControllerOptions {
  readonly registry: RegistryClient;
  /** The registered model whose aliases the controller moves. */
  readonly modelName: string;
  /** Receives one entry per step (`rollout.set-weight`, `rollout.promote`, ...). */
  readonly audit?: RolloutAuditSink;
  /** Actor named in audit entries. Default `rollout-controller`. */
  readonly actor?: string;
  /** Clock in milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Waits `ms` or rejects when `signal` aborts. Default: a timer. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Called with the version before any promotion writes an alias; a rejection stops the
   * promotion (a canary is then rolled back and the rejection rethrown). With governance:
   * `beforePromote: (version) => governance.assertAliasAllowed('champion', version, { by: 'rollout-controller' })`.
   */
  readonly beforePromote?: (version: string) => Promise<void>;
  /** Milliseconds between reads while confirming that a rollback is visible. Default 100. */
  readonly confirmPollMs?: number;
  /** Give up confirming a rollback after this many milliseconds. Default 30 000. */
  readonly confirmTimeoutMs?: number;
}

/**
 * Moves a model's traffic between versions through registry aliases: canary plans with
 * weights, pauses and analyses (Argo Rollouts' rules), blue/green previews, promotion and
 * rollback. See `createRolloutController`.
 */
export interface RolloutController {
  readonly modelName: string;
  /** The current aliases and weight. */
  readState(): Promise<RolloutState>;
  /**
   * Runs a canary: points `challenger` at the version, then follows the steps. After the
   * last step it promotes (and runs `postPromotionAnalysis`). A Failed or Error analysis
   * rolls back by itself; an Inconclusive one, or a pause without duration, leaves the
   * rollout Paused for `promote()` or `rollback()`.
   *
   * @throws RolloutPlanError, RolloutStateError (another rollout holds `challenger`, no champion).
   */
  runCanary(plan: CanaryPlan, options?: RolloutRunOptions): Promise<RolloutReport>;
  /** Points `challenger` at `preview` with no traffic; a failed `prePromotionAnalysis` aborts it. */
  blueGreen(
    options: {
      readonly preview: string;
      readonly prePromotionAnalysis?: AnalysisSpec;
    } & RolloutRunOptions,
  ): Promise<RolloutReport>;
  /**
   * Promotes the challenger: `previous` ← old champion, `champion` ← challenger, weight 0,
   * `challenger` removed. A failing `postPromotionAnalysis` re-points `champion` to `previous`.
   */
  promote(
    options?: { readonly postPromotionAnalysis?: AnalysisSpec } & RolloutRunOptions,
  ): Promise<RolloutReport>;
  /**
   * Removes the challenger (weight 0 first); the champion is untouched. While this
   * controller runs a rollout, stops it the way `rollback()` does.
   */
  abort(): Promise<RolloutReport>;
  /**
   * Rolls back now: stops a running canary and removes the challenger; with no challenger,
   * re-points `champion` to `previous`.
   */
  rollback(): Promise<RolloutReport>;
}

class ManualRollback {
  readonly requestedAt: number;
  constructor(requestedAt: number) {
    this.requestedAt = requestedAt;
  }
}

/**
 * Creates a rollout controller for one registered model. State lives in the registry
 * (see `rolloutAliases`, `rolloutTags`), never in the controller, so any replica can read
 * it and a restarted controller can `rollback()` what another started.
 *
 * @example
 * const controller = createRolloutController({ registry, modelName: 'log-classifier' });
 * const report = await controller.runCanary({ version: '7', steps: [
 *   { setWeight: 20 }, { analysis: { metrics: [{ name: 'success', provider, successCondition: 'result >= 0.95' }] } },
 *   { setWeight: 50 }, { pause: { durationMs: 60_000 } },
 * ] });
 */
export function createRolloutController(options: RolloutControllerOptions): RolloutController {
  const { registry, modelName: name } = options;
  const actor = options.actor ?? 'rollout-controller';
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const confirmPollMs = options.confirmPollMs ?? 100;
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 30_000;
  let running: { stop: AbortController; done: Promise<RolloutReport> } | undefined;

  const {
    audit,
    writeRecord,
    recordOf,
    removeChallenger,
    revertChampion,
    checkVersion,
    checkIdle,
    report,
    promoteVersion,
  } = createRolloutOperations({
    registry,
    name,
    actor,
    now,
    sleep,
    confirmPollMs,
    confirmTimeoutMs,
    audit: options.audit,
    beforePromote: options.beforePromote,
  });

  /** Removes the challenger by hand (abort, manual rollback) and reports it. */
  const stopChallenger = async (
    state: RolloutState,
    challenger: string,
    fallbackStrategy: 'canary' | 'blueGreen',
    phase: 'Aborted' | 'RolledBack',
    reason: string,
    requestedAt: number,
  ): Promise<RolloutReport> => {
    const base = {
      strategy: state.record?.strategy ?? fallbackStrategy,
      version: challenger,
      startedAt: state.record?.startedAt ?? new Date().toISOString(),
    };
    const { step, timing } = await removeChallenger(
      base,
      state.record?.stepIndex ?? -1,
      phase,
      'manual',
      requestedAt,
      reason,
    );
    return report(base, requestedAt, [step], phase, { reason, rollback: timing });
  };

  /** Runs `work` as the controller's one rollout, so `rollback()` can stop it. */
  const exclusive = (
    signal: AbortSignal | undefined,
    work: (stop: AbortSignal) => Promise<RolloutReport>,
  ): Promise<RolloutReport> => {
    if (running !== undefined) {
      return Promise.reject(
        new RolloutStateError({
          reason: 'ROLLOUT_IN_PROGRESS',
          model: name,
          message: `This controller is already rolling out ${name}.`,
        }),
      );
    }
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = work(stop.signal).finally(() => {
      signal?.removeEventListener('abort', onAbort);
      running = undefined;
    });
    running = { stop, done };
    return done;
  };

  const controller: RolloutController = {
    modelName: name,

    readState: () => readRolloutState(registry, name),

    runCanary(plan, runOptions = {}) {
      try {
        validateCanaryPlan(plan);
      } catch (error) {
        return Promise.reject(error);
      }
      return exclusive(runOptions.signal, async (stop) => {
        await checkVersion(plan.version);
        const initial = await checkIdle(plan.version);
        const startedAt = now();
        const base = {
          strategy: 'canary' as const,
          version: plan.version,
          startedAt: new Date().toISOString(),
        };
        const steps: RolloutStepReport[] = [];
        const push = (step: RolloutStepReport) => {
          steps.push(step);
          runOptions.onStep?.(step);
        };
        await registry.setRegisteredModelTag(name, rolloutTags.weight, '0');
        await registry.setAlias(name, rolloutAliases.challenger, plan.version);
        await writeRecord(recordOf(base, 'Progressing', -1));
        await audit('rollout.canary.start', plan.version, {
          champion: initial.champion,
          steps: plan.steps.length,
        });

        let index = -1;
        const rollBack = async (trigger: RollbackTrigger, triggeredAt: number, reason: string) => {
          const { step, timing } = await removeChallenger(
            base,
            index,
            'RolledBack',
            trigger,
            triggeredAt,
            reason,
          );
          push(step);
          return report(base, startedAt, steps, 'RolledBack', { reason, rollback: timing });
        };
        try {
          for (index = 0; index < plan.steps.length; index++) {
            const step = plan.steps[index];
            if (step === undefined) continue;
            const stepStartedAt = now();
            const finish = (
              extra: Partial<RolloutStepReport> & Pick<RolloutStepReport, 'kind'>,
            ) => {
              const finishedAt = now();
              push({
                index,
                startedAt: stepStartedAt,
                finishedAt,
                durationMs: finishedAt - stepStartedAt,
                ...extra,
              });
            };
            stop.throwIfAborted();
            if ('setWeight' in step) {
              await registry.setRegisteredModelTag(
                name,
                rolloutTags.weight,
                String(step.setWeight),
              );
              await writeRecord(recordOf(base, 'Progressing', index));
              await audit('rollout.set-weight', plan.version, {
                step: index,
                weight: step.setWeight,
              });
              finish({ kind: 'setWeight', weight: step.setWeight });
            } else if ('pause' in step) {
              const durationMs = step.pause.durationMs;
              if (durationMs === undefined) {
                await writeRecord(recordOf(base, 'Paused', index, 'pause without duration'));
                await audit('rollout.pause', plan.version, { step: index, indefinite: true });
                finish({ kind: 'pause' });
                return report(base, startedAt, steps, 'Paused', {
                  reason: 'pause without duration: promote() or rollback()',
                });
              }
              await audit('rollout.pause', plan.version, { step: index, durationMs });
              await sleep(durationMs, stop);
              finish({ kind: 'pause' });
            } else {
              const analysis = await runAnalysis(step.analysis, { signal: stop, now, sleep });
              await audit('rollout.analysis', plan.version, {
                step: index,
                phase: analysis.phase,
                metrics: analysis.metrics.map((metric) => ({
                  name: metric.name,
                  phase: metric.phase,
                  count: metric.count,
                  failed: metric.failed,
                })),
              });
              finish({ kind: 'analysis', analysis });
              if (analysis.phase === 'Failed' || analysis.phase === 'Error') {
                return await rollBack(
                  'analysis',
                  analysis.decidedBy?.measurementFinishedAt ?? analysis.finishedAt,
                  `analysis at step ${index} ${analysis.phase} (${analysis.decidedBy?.metric ?? 'metric'})`,
                );
              }
              if (analysis.phase === 'Inconclusive') {
                const reason = `analysis at step ${index} Inconclusive: promote() or rollback()`;
                await writeRecord(recordOf(base, 'Paused', index, reason));
                return report(base, startedAt, steps, 'Paused', { reason });
              }
            }
          }
          const promoted = await promoteVersion(
            base,
            index,
            plan.postPromotionAnalysis,
            stop,
            runOptions.onStep,
          );
          steps.push(...promoted.steps);
          return report(
            base,
            startedAt,
            steps,
            promoted.rollback === undefined ? 'Promoted' : 'RolledBack',
            promoted,
          );
        } catch (error) {
          if (stop.reason instanceof ManualRollback) {
            const current = await readRolloutState(registry, name);
            if (
              current.challenger === undefined &&
              current.previous !== undefined &&
              current.champion === plan.version
            ) {
              const { step, timing } = await revertChampion(
                base,
                current.previous,
                'manual',
                stop.reason.requestedAt,
                'manual rollback',
              );
              push(step);
              return report(base, startedAt, steps, 'RolledBack', {
                reason: 'manual rollback',
                rollback: timing,
              });
            }
            return await rollBack('manual', stop.reason.requestedAt, 'manual rollback');
          }
          const trigger: RollbackTrigger = stop.aborted ? 'signal' : 'error';
          const current = await readRolloutState(registry, name).catch(() => undefined);
          if (current?.challenger === plan.version) {
            await rollBack(
              trigger,
              now(),
              `${trigger}: ${(error as Error)?.message ?? String(error)}`,
            ).catch(() => undefined);
          }
          throw error;
        }
      });
    },

    blueGreen(blueGreenOptions) {
      const { preview, prePromotionAnalysis } = blueGreenOptions;
      try {
        validateCanaryPlan({ version: preview, steps: [] });
        if (prePromotionAnalysis !== undefined) {
          validateAnalysis(prePromotionAnalysis, 'prePromotionAnalysis', true);
        }
      } catch (error) {
        return Promise.reject(error);
      }
      return exclusive(blueGreenOptions.signal, async (stop) => {
        await checkVersion(preview);
        const initial = await checkIdle(preview);
        const startedAt = now();
        const base = {
          strategy: 'blueGreen' as const,
          version: preview,
          startedAt: new Date().toISOString(),
        };
        const steps: RolloutStepReport[] = [];
        const push = (step: RolloutStepReport) => {
          steps.push(step);
          blueGreenOptions.onStep?.(step);
        };
        await registry.setRegisteredModelTag(name, rolloutTags.weight, '0');
        await registry.setAlias(name, rolloutAliases.challenger, preview);
        await writeRecord(recordOf(base, 'Preview', -1));
        await audit('rollout.blue-green.preview', preview, { champion: initial.champion });
        const previewedAt = now();
        push({
          index: -1,
          kind: 'preview',
          weight: 0,
          startedAt,
          finishedAt: previewedAt,
          durationMs: previewedAt - startedAt,
        });
        if (prePromotionAnalysis === undefined) return report(base, startedAt, steps, 'Preview');
        let analysis: AnalysisResult;
        try {
          analysis = await runAnalysis(prePromotionAnalysis, { signal: stop, now, sleep });
        } catch (error) {
          const trigger: RollbackTrigger =
            stop.reason instanceof ManualRollback ? 'manual' : 'signal';
          const { step, timing } = await removeChallenger(
            base,
            -1,
            'Aborted',
            trigger,
            now(),
            trigger,
          );
          push(step);
          if (trigger === 'manual')
            return report(base, startedAt, steps, 'Aborted', {
              reason: 'manual rollback',
              rollback: timing,
            });
          throw error;
        }
        await audit('rollout.analysis', preview, { stage: 'prePromotion', phase: analysis.phase });
        push({
          index: -1,
          kind: 'analysis',
          analysis,
          startedAt: analysis.startedAt,
          finishedAt: analysis.finishedAt,
          durationMs: analysis.finishedAt - analysis.startedAt,
        });
        if (analysis.phase === 'Failed' || analysis.phase === 'Error') {
          const reason = `pre-promotion analysis ${analysis.phase}`;
          const { step, timing } = await removeChallenger(
            base,
            -1,
            'Aborted',
            'analysis',
            analysis.decidedBy?.measurementFinishedAt ?? analysis.finishedAt,
            reason,
          );
          push(step);
          return report(base, startedAt, steps, 'Aborted', { reason, rollback: timing });
        }
        return report(base, startedAt, steps, 'Preview');
      });
    },

    async promote(promoteOptions = {}) {
      if (promoteOptions.postPromotionAnalysis !== undefined) {
        validateAnalysis(promoteOptions.postPromotionAnalysis, 'postPromotionAnalysis', true);
      }
      const state = await readRolloutState(registry, name);
      if (state.challenger === undefined) {
        throw new RolloutStateError({
          reason: 'NOTHING_TO_PROMOTE',
          model: name,
          message: `${name} has no challenger alias to promote.`,
        });
      }
      const challenger = state.challenger;
      return exclusive(promoteOptions.signal, async (stop) => {
        const startedAt = now();
        const base = {
          strategy: state.record?.strategy ?? 'blueGreen',
          version: challenger,
          startedAt: state.record?.startedAt ?? new Date().toISOString(),
        };
        const promoted = await promoteVersion(
          base,
          state.record?.stepIndex ?? -1,
          promoteOptions.postPromotionAnalysis,
          stop,
          promoteOptions.onStep,
        );
        return report(
          base,
          startedAt,
          promoted.steps,
          promoted.rollback === undefined ? 'Promoted' : 'RolledBack',
          promoted,
        );
      });
    },

    async abort() {
      const requestedAt = now();
      if (running !== undefined) {
        running.stop.abort(new ManualRollback(requestedAt));
        return running.done;
      }
      const state = await readRolloutState(registry, name);
      if (state.challenger === undefined) {
        throw new RolloutStateError({
          reason: 'NOTHING_TO_ABORT',
          model: name,
          message: `${name} has no challenger alias to abort.`,
        });
      }
      return stopChallenger(
        state,
        state.challenger,
        'blueGreen',
        'Aborted',
        'aborted',
        requestedAt,
      );
    },

    async rollback() {
      const requestedAt = now();
      if (running !== undefined) {
        running.stop.abort(new ManualRollback(requestedAt));
        return running.done;
      }
      const state = await readRolloutState(registry, name);
      if (state.challenger !== undefined) {
        return stopChallenger(
          state,
          state.challenger,
          'canary',
          'RolledBack',
          'manual rollback',
          requestedAt,
        );
      }
      if (state.previous === undefined || state.champion === undefined) {
        throw new RolloutStateError({
          reason: 'NOTHING_TO_ROLL_BACK',
          model: name,
          message: `${name} has neither a challenger nor a previous champion to roll back to.`,
        });
      }
      const base = {
        strategy: state.record?.strategy ?? 'canary',
        version: state.champion,
        startedAt: state.record?.startedAt ?? new Date().toISOString(),
      };
      const { step, timing } = await revertChampion(
        base,
        state.previous,
        'manual',
        requestedAt,
        'manual rollback',
      );
      return report(base, requestedAt, [step], 'RolledBack', {
        reason: 'manual rollback',
        rollback: timing,
      });
    },
  };
  return controller;
}
