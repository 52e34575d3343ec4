import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@dagnostics/core';
import {
  type AlertRule,
  conditionHolds,
  type NormalisedRule,
  normaliseRule,
  resolves,
} from './alert-rule';

/** Where an alert is in its life, as in Prometheus. */
export type AlertPhase = 'inactive' | 'pending' | 'firing';

/** One alert notification, shaped like an Alertmanager alert. */
export interface Alert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601: when the condition started to hold (firing) ... */
  startsAt: string;
  /** ... and when it resolved (`0001-01-01T00:00:00Z` while firing, as Alertmanager writes it). */
  endsAt: string;
  /** The value that fired or resolved the alert. */
  value: number;
  /** Stable id of the label set (sha256, 16 hex digits). */
  fingerprint: string;
  generatorURL: string;
}

/** Receives notifications; a sink that throws is reported to `onError` and retried next time. */
export type AlertSink = (alerts: readonly Alert[]) => void | Promise<void>;

/** The state of one rule, for status pages. */
export interface AlertState {
  name: string;
  phase: AlertPhase;
  /** The last value read; undefined before the first evaluation or with no data. */
  value: number | undefined;
  /** Since when the condition holds (pending or firing). */
  activeSince: Date | undefined;
}

/** Options of {@link createAlertManager}. */
export interface AlertManagerOptions {
  rules: readonly AlertRule[];
  sinks: readonly AlertSink[];
  /** How often `start()` evaluates the rules, in ms. Default 15 000; as low as 100. */
  intervalMs?: number;
  /** Re-sends still-firing alerts this often, in ms. Default: never (one notification per change). */
  repeatIntervalMs?: number;
  /** `generatorURL` of the alerts (e.g. the service's status page). Default ''. */
  generatorUrl?: string;
  /** Errors of rule reads and sinks. Default: `console.error`. */
  onError?: (error: unknown, context: { rule?: string; sink?: number }) => void;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Evaluates alert rules on a schedule and notifies sinks of firing and resolved alerts. */
export interface AlertManager {
  /** Evaluates every rule once now and notifies; resolves with the notifications sent. */
  evaluate(): Promise<Alert[]>;
  /** Evaluates every `intervalMs` until `stop()`; the timer does not keep Node alive. */
  start(): void;
  /** Stops the schedule and waits for an evaluation in progress. */
  stop(): Promise<void>;
  states(): AlertState[];
}

const zeroTime = '0001-01-01T00:00:00Z';

interface RuleState {
  rule: NormalisedRule;
  phase: AlertPhase;
  value: number | undefined;
  activeSince: number | undefined;
  lastSentMs: number | undefined;
}

function fingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join('\u0000');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function expand(annotations: Readonly<Record<string, string>> | undefined, value: number) {
  return Object.fromEntries(
    Object.entries(annotations ?? {}).map(([key, text]) => [
      key,
      text.replaceAll('{{value}}', String(value)),
    ]),
  );
}

/**
 * Creates an alert manager: each evaluation reads every rule's value; a rule whose
 * condition holds becomes `pending`, and `firing` once it has held for `forMs` (Prometheus'
 * `for`); a firing rule resolves only when the value crosses its `resolveAt` level
 * (hysteresis). Sinks hear of every change to firing or resolved, in Alertmanager's alert
 * shape. With `intervalMs: 1000` and `forMs: 0`, a drift is notified within a second of
 * the value changing.
 *
 * @example
 * ```ts
 * const alerts = createAlertManager({
 *   rules: [{ name: 'DatasetDrift', value: () => lastReport.dataset.share, above: 0.5, resolveAt: 0.3, forMs: 60_000, severity: 'warning', labels: { model: 'log-classifier' } }],
 *   sinks: [webhookSink({ url: 'http://alertmanager:9093/api/v2/alerts', format: 'alertmanager-api-v2' })],
 *   intervalMs: 5_000,
 * });
 * alerts.start();
 * ```
 */
export function createAlertManager(options: AlertManagerOptions): AlertManager {
  const intervalMs = options.intervalMs ?? 15_000;
  if (!(intervalMs >= 100) || !Number.isFinite(intervalMs)) {
    throw new InvalidArgumentError({
      argument: 'intervalMs',
      message: `intervalMs is ${intervalMs}; give at least 100 ms`,
    });
  }
  const now = options.now ?? Date.now;
  const onError =
    options.onError ??
    ((error: unknown, context: { rule?: string; sink?: number }) => {
      console.error('[dagnostics/monitor] alert evaluation failed', context, error);
    });
  const names = new Set<string>();
  const states: RuleState[] = options.rules.map((rule) => {
    const normalised = normaliseRule(rule);
    if (names.has(normalised.name)) {
      throw new InvalidArgumentError({
        argument: 'rules',
        message: `Two alert rules are named ${JSON.stringify(normalised.name)}; give each rule its own name`,
      });
    }
    names.add(normalised.name);
    return {
      rule: normalised,
      phase: 'inactive',
      value: undefined,
      activeSince: undefined,
      lastSentMs: undefined,
    };
  });
  // Notifications a sink failed to take; sent again, first, with the next evaluation.
  const undelivered = new Map<number, Alert[]>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<Alert[]> | undefined;

  const toAlert = (
    state: RuleState,
    status: Alert['status'],
    at: number,
    value: number,
  ): Alert => ({
    status,
    labels: { ...state.rule.allLabels },
    annotations: expand(state.rule.annotations, value),
    startsAt: new Date(state.activeSince ?? at).toISOString(),
    endsAt: status === 'resolved' ? new Date(at).toISOString() : zeroTime,
    value,
    fingerprint: fingerprint(state.rule.allLabels),
    generatorURL: options.generatorUrl ?? '',
  });

  const step = async (state: RuleState, at: number): Promise<Alert | undefined> => {
    let value: number | undefined;
    try {
      value = await state.rule.value();
    } catch (error) {
      onError(error, { rule: state.rule.name });
      return undefined;
    }
    if (value !== undefined && !Number.isFinite(value)) {
      onError(
        new InvalidArgumentError({
          argument: 'value',
          message: `Alert rule ${JSON.stringify(state.rule.name)} read ${value}; the value must be a finite number or undefined for no data`,
        }),
        { rule: state.rule.name },
      );
      value = undefined;
    }
    state.value = value;
    if (value === undefined) {
      if (state.phase === 'pending') {
        state.phase = 'inactive';
        state.activeSince = undefined;
      }
      return undefined;
    }
    switch (state.phase) {
      case 'inactive':
      case 'pending': {
        if (!conditionHolds(state.rule, value)) {
          state.phase = 'inactive';
          state.activeSince = undefined;
          return undefined;
        }
        state.activeSince ??= at;
        if (at - state.activeSince < state.rule.forMs) {
          state.phase = 'pending';
          return undefined;
        }
        state.phase = 'firing';
        state.lastSentMs = at;
        return toAlert(state, 'firing', at, value);
      }
      case 'firing': {
        if (resolves(state.rule, value)) {
          const alert = toAlert(state, 'resolved', at, value);
          state.phase = 'inactive';
          state.activeSince = undefined;
          state.lastSentMs = undefined;
          return alert;
        }
        const repeat = options.repeatIntervalMs;
        if (
          repeat !== undefined &&
          state.lastSentMs !== undefined &&
          at - state.lastSentMs >= repeat
        ) {
          state.lastSentMs = at;
          return toAlert(state, 'firing', at, value);
        }
        return undefined;
      }
    }
  };

  const evaluateOnce = async (): Promise<Alert[]> => {
    const at = now();
    const alerts = (await Promise.all(states.map((state) => step(state, at)))).filter(
      (alert): alert is Alert => alert !== undefined,
    );
    await Promise.all(
      options.sinks.map(async (sink, index) => {
        const batch = [...(undelivered.get(index) ?? []), ...alerts];
        if (batch.length === 0) return;
        try {
          await sink(batch);
          undelivered.delete(index);
        } catch (error) {
          undelivered.set(index, batch);
          onError(error, { sink: index });
        }
      }),
    );
    return alerts;
  };

  const evaluate = (): Promise<Alert[]> => {
    const next = (running ?? Promise.resolve([])).then(evaluateOnce, evaluateOnce);
    running = next;
    return next;
  };

  return {
    evaluate,
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => {
        void evaluate().catch((error: unknown) => onError(error, {}));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    states() {
      return states.map((state) => ({
        name: state.rule.name,
        phase: state.phase,
        value: state.value,
        activeSince: state.activeSince === undefined ? undefined : new Date(state.activeSince),
      }));
    },
  };
}
