import { InvalidArgumentError } from '@dagnostics/core';
import { encodeDouble } from '../backend/wire';
import type { JournalKeyValue, JournalMetric } from '../journal/records';
import {
  assertMetricValue,
  assertValidKey,
  assertWholeNumber,
  limitValue,
  toStoredValue,
} from './validation';

/** Options of a metric point. */
export interface MetricOptions {
  /** Training step; default 0, as MLflow. */
  step?: number;
  /** Milliseconds since the epoch; default now. */
  timestamp?: number;
}

/**
 * Validated, not yet journaled data of one run. Values are checked when they are
 * logged, so bad input fails at the call that produced it, before any request.
 */
export class RunBuffer {
  metrics: JournalMetric[] = [];
  params: JournalKeyValue[] = [];
  tags: JournalKeyValue[] = [];
  readonly #truncateLongValues: boolean;
  readonly #loggedParams = new Map<string, string>();

  constructor(options: { truncateLongValues: boolean }) {
    this.#truncateLongValues = options.truncateLongValues;
  }

  /** Number of entries waiting. */
  get size(): number {
    return this.metrics.length + this.params.length + this.tags.length;
  }

  addMetric(key: string, value: number, options: MetricOptions = {}): void {
    assertValidKey(key, 'metric');
    assertMetricValue(key, value);
    const step = options.step ?? 0;
    const timestampMs = options.timestamp ?? Date.now();
    assertWholeNumber('step', step, key);
    assertWholeNumber('timestamp', timestampMs, key);
    this.metrics.push({ key, value: encodeDouble(value), timestampMs, step });
  }

  addParam(key: string, value: unknown): void {
    assertValidKey(key, 'param');
    const stored = limitValue(
      'param',
      key,
      toStoredValue('param', key, value),
      this.#truncateLongValues,
    );
    const previous = this.#loggedParams.get(key);
    if (previous !== undefined) {
      // MLflow params are write-once: the same value again is a no-op, another is an error.
      if (previous === stored) return;
      throw new ParamChangedError(key, previous, stored);
    }
    this.#loggedParams.set(key, stored);
    this.params.push({ key, value: stored });
  }

  addTag(key: string, value: unknown): void {
    assertValidKey(key, 'tag');
    this.tags.push({
      key,
      value: limitValue('tag', key, toStoredValue('tag', key, value), this.#truncateLongValues),
    });
  }

  /** Takes everything waiting, leaving the buffer empty. */
  take(): { metrics: JournalMetric[]; params: JournalKeyValue[]; tags: JournalKeyValue[] } {
    const taken = { metrics: this.metrics, params: this.params, tags: this.tags };
    this.metrics = [];
    this.params = [];
    this.tags = [];
    return taken;
  }
}

/** A param was logged again with a different value; MLflow params are write-once. */
export class ParamChangedError extends InvalidArgumentError {
  static override readonly errorName: string = 'DagnosticsParamChangedError';
  readonly key: string;

  constructor(key: string, previous: string, next: string) {
    super({
      message: `Param "${key}" was already logged as ${JSON.stringify(previous.slice(0, 80))}; MLflow params cannot change (got ${JSON.stringify(next.slice(0, 80))}). Log a metric or a tag for values that change, or use another key.`,
      argument: 'key',
      code: 'PARAM_CHANGED',
    });
    this.key = key;
  }
}
