const PI_SQUARED = Math.PI * Math.PI;
const PI_FOURTH = PI_SQUARED * PI_SQUARED;
const PI_SIXTH = PI_FOURTH * PI_SQUARED;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
const SQRT_THREE = Math.sqrt(3);
/** Exponents below this give 0 in double precision (as in scipy's `_MIN_LOG`). */
const MIN_LOG = -708;

/**
 * Pelz–Good (1976) approximation of P(Dₙ ≤ x): the Li-Chien/Korolyuk expansion
 * K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2} in z = x√n, with each Kᵢ rewritten through the
 * Jacobi theta transformation into sums of e^{−(2k−1)²π²/(8z²)} and e^{−k²π²/(2z²)} that
 * converge fast for small z. Reproduces scipy's `_kolmogn_PelzGood` term for term, because
 * the result is an approximation and parity means using the same one.
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const logQ = -PI_SQUARED / 8 / z2;
  if (logQ < MIN_LOG) return 0;
  const q = Math.exp(logQ);

  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOURTH * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIXTH * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOURTH * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z2 * z6;

  // Horner scheme in q^{8k} for the sums over odd (2k − 1).
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = q ** (8 * k);
    sum0 = sum0 * qPower + 1;
    sum1 = sum1 * qPower + (k1a + k1b * m2);
    sum2 = sum2 * qPower + (k2a + k2b * m2 + k2c * m4);
    sum3 = sum3 * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const scale = q * SQRT_TWO_PI;
  const term0 = (sum0 * scale) / z;
  let term1 = (sum1 * scale) / (6 * z4);
  let term2 = (sum2 * scale) / (72 * z6 * z);
  let term3 = (sum3 * scale) / (6480 * z6 * z4);

  // Extra terms of K₂ and K₃ that run over all integers k.
  const qAll = Math.exp(-PI_SQUARED / 2 / z2);
  const sqrtThreeZ = SQRT_THREE * z;
  let extra2 = 0;
  let extra3 = 0;
  for (let k = maxK; k >= 1; k--) {
    const k2 = k * k;
    const weight = k2 * qAll ** k2;
    extra2 += weight;
    const kPi = Math.PI * k;
    extra3 += (sqrtThreeZ + kPi) * (sqrtThreeZ - kPi) * weight;
  }
  term2 += (extra2 * PI_SQUARED * SQRT_TWO_PI) / (-36 * z3);
  term3 += (extra3 * PI_SQUARED * SQRT_TWO_PI) / (216 * z6);

  term1 /= Math.sqrt(n);
  term2 /= n;
  term3 /= n ** 1.5;
  return term0 + term1 + term2 + term3;
}
