import { describe, expect, it } from 'vitest';
import { energyDistance } from './index';

// The golden comparison with scipy.stats.energy_distance is in wasserstein-distance.test.ts,
// next to the Wasserstein cases that share its CDF-distance kernel.
describe('energyDistance', () => {
  it('equals √2 times the L² distance between the empirical CDFs', () => {
    // U − V is ½ on [0, 1) and [1, 2): ∫(U − V)² = ½, so D = √2 · √½ = 1.
    expect(energyDistance([0, 1], [1, 2])).toBeCloseTo(1, 15);
    // Point masses a apart: D = √(2a).
    expect(energyDistance([0], [8])).toBeCloseTo(4, 14);
  });

  it('weights act as repetition counts', () => {
    expect(energyDistance([0, 1], [3], { referenceWeights: [2, 1] })).toBeCloseTo(
      energyDistance([0, 0, 1], [3]),
      15,
    );
  });
});
