import { InvalidArgumentError } from '@dagnostics/core';
import {
  bootstrapDifference,
  defineGates,
  latencyBudget,
  mcnemar,
  metricThreshold,
  sizeBudget,
  validationPassed,
} from './define-gates';
import type { GateDefinition, GateKind, GateSuite } from './types';

type Builder = (options: Record<string, unknown>) => GateDefinition;

// Options are passed on to the builders, which check every value they read.
const builders: Record<GateKind, Builder> = {
  'metric-threshold': (options) => metricThreshold(options as never),
  mcnemar: (options) => mcnemar(options as never),
  'bootstrap-difference': (options) => bootstrapDifference(options as never),
  'latency-budget': (options) => latencyBudget(options as never),
  'size-budget': (options) => sizeBudget(options as never),
  'validation-passed': (options) =>
    validationPassed(undefined, typeof options.name === 'string' ? { name: options.name } : {}),
};

/**
 * A suite from plain JSON (or parsed YAML), for a CLI or a config file: `{ "gates": [...] }`
 * or the array itself, each gate `{ "kind": "<gate kind>", ...the builder's options }`, e.g.
 * `{ "kind": "bootstrap-difference", "metric": "f1-macro", "margin": 0.01, "seed": 7 }`.
 * Data (predictions, latencies, the validation result) comes from the `GateInputs` at
 * evaluation. Throws `InvalidArgumentError` naming the offending gate.
 */
export function gateSuiteFromJson(json: unknown): GateSuite {
  const list = Array.isArray(json)
    ? json
    : json !== null &&
        typeof json === 'object' &&
        Array.isArray((json as { gates?: unknown }).gates)
      ? (json as { gates: unknown[] }).gates
      : undefined;
  if (list === undefined) {
    throw new InvalidArgumentError({
      message: 'A gate suite is a JSON array of gates or an object with a `gates` array.',
      argument: 'suite',
    });
  }
  return defineGates(
    list.map((entry, index) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        throw new InvalidArgumentError({
          message: `Gate ${index} is not an object.`,
          argument: `gates[${index}]`,
        });
      }
      const { kind, ...options } = entry as Record<string, unknown>;
      const builder = typeof kind === 'string' ? builders[kind as GateKind] : undefined;
      if (builder === undefined) {
        throw new InvalidArgumentError({
          message: `Gate ${index} has kind ${JSON.stringify(kind)}; expected one of ${Object.keys(builders).join(', ')}.`,
          argument: `gates[${index}].kind`,
        });
      }
      try {
        return builder(options);
      } catch (error) {
        if (!InvalidArgumentError.isInstance(error)) throw error;
        throw new InvalidArgumentError({
          message: `Gate ${index} (${kind}): ${error.message}`,
          argument: `gates[${index}].${error.argument}`,
          cause: error,
        });
      }
    }),
  );
}
