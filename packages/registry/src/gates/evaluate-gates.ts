import { InvalidArgumentError } from '@dagnostics/core';
import {
  evaluateLatencyBudget,
  evaluateMetricThreshold,
  evaluateSizeBudget,
  evaluateValidationPassed,
} from './evaluate-budget-gates';
import { evaluateBootstrapDifference, evaluateMcNemar } from './evaluate-comparison-gates';
import type { GateDefinition, GateInputs, GateReport, GateResult, GateSuite } from './types';

function evaluateGate(gate: GateDefinition, inputs: GateInputs): GateResult {
  switch (gate.kind) {
    case 'metric-threshold':
      return evaluateMetricThreshold(gate, inputs);
    case 'mcnemar':
      return evaluateMcNemar(gate, inputs);
    case 'bootstrap-difference':
      return evaluateBootstrapDifference(gate, inputs);
    case 'latency-budget':
      return evaluateLatencyBudget(gate, inputs);
    case 'size-budget':
      return evaluateSizeBudget(gate, inputs);
    case 'validation-passed':
      return evaluateValidationPassed(gate, inputs);
  }
}

/**
 * Judges every gate of `suite` on `inputs` and returns a plain-JSON report. Missing or
 * unusable inputs do not throw: that gate's status is `error`, with the reason, and the
 * verdict is `error` (exit code 2), since nothing was judged for it. Otherwise the verdict
 * is `fail` when any gate failed, else `pass`. Deterministic: bootstraps are seeded.
 * Throws `InvalidArgumentError` only when `inputs` is not an object.
 */
export function evaluateGates(suite: GateSuite, inputs: GateInputs = {}): GateReport {
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new InvalidArgumentError({
      message:
        'Gate inputs must be an object such as { metrics, champion, challenger, labels, latenciesMs }.',
      argument: 'inputs',
    });
  }
  const gates = suite.gates.map((gate) => evaluateGate(gate, inputs));
  const counts = { pass: 0, fail: 0, error: 0 };
  for (const gate of gates) counts[gate.status]++;
  const verdict = counts.error > 0 ? 'error' : counts.fail > 0 ? 'fail' : 'pass';
  return { verdict, counts, gates };
}

/** The process exit code for a report: 0 when it passed, 1 when a gate failed, 2 when inputs were in error. */
export function gateExitCode(report: GateReport): 0 | 1 | 2 {
  if (report.verdict === 'pass') return 0;
  return report.verdict === 'fail' ? 1 : 2;
}
