/** Eigenvalues and eigenvectors of a real symmetric matrix. */
export interface SymmetricEigen {
  /** The eigenvalues, largest first. */
  values: Float64Array;
  /**
   * The unit eigenvectors as the rows of a `size × size` row-major matrix: row `k` holds
   * the eigenvector of `values[k]`. Signs are arbitrary.
   */
  vectors: Float64Array;
}

/** Sweeps allowed before giving up; cyclic Jacobi converges quadratically, in well under 20. */
const maximumSweeps = 100;

/**
 * Eigendecomposition of the symmetric `size × size` row-major matrix `matrix` by the
 * cyclic Jacobi method: plane rotations zero each off-diagonal entry in turn until none is
 * left that matters relative to its diagonal pair. Jacobi is slower than the QR algorithm
 * LAPACK uses (O(n³) per sweep, a handful of sweeps) but simple, backward stable, and it
 * returns eigenvectors that are orthonormal to working precision, which is what PCA with a
 * few dozen columns needs. Only the upper triangle of `matrix` is read; it is not changed.
 */
export function symmetricEigen(matrix: Float64Array, size: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < row; column++) {
      a[row * size + column] = a[column * size + row] as number;
    }
  }
  // Columns of `v` accumulate the rotations; they end as the eigenvectors.
  const v = new Float64Array(size * size);
  for (let index = 0; index < size; index++) v[index * size + index] = 1;

  for (let sweep = 0; sweep < maximumSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < size - 1; p++) {
      for (let q = p + 1; q < size; q++) {
        if (rotate(a, v, size, p, q)) rotated = true;
      }
    }
    if (!rotated) break;
  }

  const order = Array.from({ length: size }, (_, index) => index).sort(
    (left, right) => (a[right * size + right] as number) - (a[left * size + left] as number),
  );
  const values = new Float64Array(size);
  const vectors = new Float64Array(size * size);
  order.forEach((source, target) => {
    values[target] = a[source * size + source] as number;
    for (let component = 0; component < size; component++) {
      vectors[target * size + component] = v[component * size + source] as number;
    }
  });
  return { values, vectors };
}

/**
 * Zeroes `a[p][q]` with one Jacobi rotation, unless it is already negligible next to the
 * diagonal entries (below one rounding error of their geometric mean, the test that keeps
 * Jacobi's relative accuracy). Returns whether it rotated.
 */
function rotate(a: Float64Array, v: Float64Array, size: number, p: number, q: number): boolean {
  const apq = a[p * size + q] as number;
  if (apq === 0) return false;
  const app = a[p * size + p] as number;
  const aqq = a[q * size + q] as number;
  if (Math.abs(apq) <= Number.EPSILON * Math.sqrt(Math.abs(app * aqq))) {
    a[p * size + q] = 0;
    a[q * size + p] = 0;
    return false;
  }
  // t = tan(angle) is the smaller root of t² + 2θt − 1 = 0, so the rotation is at most 45°.
  const theta = (aqq - app) / (2 * apq);
  const t =
    Math.abs(theta) > 1e150
      ? 1 / (2 * theta)
      : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const cosine = 1 / Math.sqrt(t * t + 1);
  const sine = t * cosine;
  const tau = sine / (1 + cosine);

  a[p * size + p] = app - t * apq;
  a[q * size + q] = aqq + t * apq;
  a[p * size + q] = 0;
  a[q * size + p] = 0;
  for (let r = 0; r < size; r++) {
    if (r !== p && r !== q) {
      const arp = a[r * size + p] as number;
      const arq = a[r * size + q] as number;
      const newRp = arp - sine * (arq + tau * arp);
      const newRq = arq + sine * (arp - tau * arq);
      a[r * size + p] = newRp;
      a[p * size + r] = newRp;
      a[r * size + q] = newRq;
      a[q * size + r] = newRq;
    }
    const vrp = v[r * size + p] as number;
    const vrq = v[r * size + q] as number;
    v[r * size + p] = vrp - sine * (vrq + tau * vrp);
    v[r * size + q] = vrq + sine * (vrp - tau * vrq);
  }
  return true;
}
