import type { Distribution, FrozenTrial } from '../types';

/**
 * A `FrozenTrial` from the fields given, the rest defaulted: COMPLETE, number and id 0,
 * no values, params, distributions or attributes. For tests, `study.addTrial` and custom
 * samplers; `params` are in the external representation.
 */
export function createFrozenTrial(fields: Partial<FrozenTrial> = {}): FrozenTrial {
  return {
    number: 0,
    trialId: fields.number ?? 0,
    state: 'COMPLETE',
    values: null,
    datetimeStart: null,
    datetimeComplete: null,
    params: {},
    distributions: {} as Record<string, Distribution>,
    userAttrs: {},
    systemAttrs: {},
    intermediateValues: new Map(),
    ...fields,
  };
}
