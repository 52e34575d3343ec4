import { quantiles } from '@dagnostics/core';
import { check, erroredGate, judgedGate } from './gate-result';
import type {
  GateCheck,
  GateInputs,
  GateResult,
  LatencyBudgetGate,
  MetricThresholdGate,
  SizeBudgetGate,
  ValidationPassedGate,
} from './types';

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Judges a {@link MetricThresholdGate}. */
export function evaluateMetricThreshold(gate: MetricThresholdGate, inputs: GateInputs): GateResult {
  const value = gate.value ?? inputs.metrics?.[gate.metric];
  if (!isFiniteNumber(value)) {
    return erroredGate(gate, [
      value === undefined
        ? `No value for metric ${JSON.stringify(gate.metric)}: pass it as inputs.metrics[${JSON.stringify(gate.metric)}].`
        : `Metric ${JSON.stringify(gate.metric)} is not a finite number: ${String(value)}.`,
    ]);
  }
  const checks: GateCheck[] = [];
  if (gate.min !== undefined) checks.push(check(gate.metric, value, '>=', gate.min));
  if (gate.max !== undefined) checks.push(check(gate.metric, value, '<=', gate.max));
  return judgedGate(gate, checks, { value });
}

const latencyLevels = [
  ['p50Ms', 0.5, 'p50'],
  ['p95Ms', 0.95, 'p95'],
  ['p99Ms', 0.99, 'p99'],
] as const;

/** Judges a {@link LatencyBudgetGate}: numpy-linear quantiles of the latencies. */
export function evaluateLatencyBudget(gate: LatencyBudgetGate, inputs: GateInputs): GateResult {
  const latencies = gate.latenciesMs ?? inputs.latenciesMs;
  if (!Array.isArray(latencies) || latencies.length === 0) {
    return erroredGate(gate, ['No latencies measured: pass inputs.latenciesMs (milliseconds).']);
  }
  const bad = latencies.findIndex((value) => !isFiniteNumber(value) || value < 0);
  if (bad >= 0) {
    return erroredGate(gate, [
      `Latency ${bad} is not a finite number >= 0 ms: ${String(latencies[bad])}.`,
    ]);
  }
  const levels = latencyLevels.filter(([key]) => gate[key] !== undefined);
  const values = quantiles(
    latencies,
    levels.map(([, level]) => level),
  );
  const statistics: Record<string, number> = { samples: latencies.length };
  const checks = levels.map(([key, , label], index) => {
    const observed = values[index] as number;
    statistics[key] = observed;
    return check(`${label} latency (ms)`, observed, '<=', gate[key] as number);
  });
  return judgedGate(gate, checks, statistics);
}

/** Judges a {@link SizeBudgetGate}. */
export function evaluateSizeBudget(gate: SizeBudgetGate, inputs: GateInputs): GateResult {
  const size = gate.sizeBytes ?? inputs.sizeBytes;
  if (!isFiniteNumber(size) || size < 0) {
    return erroredGate(gate, [
      size === undefined
        ? 'No model size: pass inputs.sizeBytes.'
        : `The model size is not a number of bytes >= 0: ${String(size)}.`,
    ]);
  }
  return judgedGate(gate, [check('size (bytes)', size, '<=', gate.maxBytes)], { sizeBytes: size });
}

/** Judges a {@link ValidationPassedGate}: every expectation of the result met. */
export function evaluateValidationPassed(
  gate: ValidationPassedGate,
  inputs: GateInputs,
): GateResult {
  const result = gate.result ?? inputs.validation;
  if (
    result === undefined ||
    typeof result !== 'object' ||
    typeof result.success !== 'boolean' ||
    !isFiniteNumber(result.statistics?.unsuccessfulExpectations) ||
    !Array.isArray(result.results)
  ) {
    return erroredGate(gate, [
      'No validation result: pass what @dagnostics/core/validate `validate()` returned, as inputs.validation.',
    ]);
  }
  const { statistics } = result;
  const failing = result.results.filter((item) => !item.success);
  const unmet = failing.map((item) => {
    const column =
      'column' in item.expectation ? ` on ${JSON.stringify(item.expectation.column)}` : '';
    return `Expectation ${item.checkIndex} unmet: ${item.expectation.type}${column}.`;
  });
  const report = judgedGate(
    gate,
    [check('unmet expectations', statistics.unsuccessfulExpectations, '<=', 0)],
    {
      suiteName: result.suiteName ?? null,
      evaluatedExpectations: statistics.evaluatedExpectations,
      successfulExpectations: statistics.successfulExpectations,
      unsuccessfulExpectations: statistics.unsuccessfulExpectations,
      successPercent: statistics.successPercent,
    },
    unmet,
  );
  // `success` is the validator's own verdict; a count of 0 alongside success false still fails.
  if (!result.success && report.status === 'pass') {
    return {
      ...report,
      status: 'fail',
      reasons: ['The validation result says it did not succeed.'],
    };
  }
  return report;
}
