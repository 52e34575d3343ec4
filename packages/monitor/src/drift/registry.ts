import { binnedDriftTests } from './binned';
import { sampleDriftTests } from './samples';
import type { DriftTest } from './types';

/** Every drift test of the package, by Evidently's registry name. */
export const driftTestRegistry: ReadonlyMap<string, DriftTest> = new Map(
  [...sampleDriftTests, ...binnedDriftTests].map((test) => [test.name, test]),
);
