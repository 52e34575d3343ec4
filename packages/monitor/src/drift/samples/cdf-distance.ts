import { InvalidArgumentError } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';
import { finiteIndices, sortedFiniteValues } from './finite-sample';

/** A sample prepared for a CDF distance: sorted values and, when weighted, cumulative weights. */
interface WeightedSample {
  /** Values, ascending. */
  readonly values: Float64Array;
  /** cumulative[i] = total weight of values[0..i-1]; length n + 1. Undefined when unweighted. */
  readonly cumulative: Float64Array | undefined;
}

function prepare(
  values: NumericArray,
  weights: NumericArray | undefined,
  argument: string,
  test: string,
): WeightedSample {
  if (weights === undefined) {
    return { values: sortedFiniteValues(values, argument, test), cumulative: undefined };
  }
  const weightArgument = `${argument}Weights`;
  if (weights.length !== values.length) {
    throw new InvalidArgumentError({
      message: `\`${weightArgument}\` must have one weight per value of \`${argument}\` (${values.length}); got ${weights.length}.`,
      argument: weightArgument,
    });
  }
  const order = finiteIndices(values, argument, test);
  order.sort((left, right) => (values[left] as number) - (values[right] as number));
  const sorted = new Float64Array(order.length);
  const cumulative = new Float64Array(order.length + 1);
  for (let i = 0; i < order.length; i++) {
    const index = order[i] as number;
    const weight = weights[index] as number;
    if (typeof weight !== 'number' || !(weight >= 0)) {
      throw new InvalidArgumentError({
        message: `\`${weightArgument}\` must hold non-negative numbers; element ${index} is ${String(weight)}.`,
        argument: weightArgument,
      });
    }
    sorted[i] = values[index] as number;
    cumulative[i + 1] = (cumulative[i] as number) + weight;
  }
  const total = cumulative[order.length] as number;
  if (!(total > 0 && total < Number.POSITIVE_INFINITY)) {
    throw new InvalidArgumentError({
      message: `The weights in \`${weightArgument}\` of the finite values must have a positive, finite sum; got ${total}. Omit the weights for equal weighting.`,
      argument: weightArgument,
    });
  }
  return { values: sorted, cumulative };
}

/**
 * The integral ∫ |U − V|^p dx of two empirical (optionally weighted) CDFs for p = 1 or 2,
 * as scipy's `_cdf_distance` forms it before the final root: over the merged sorted values,
 * each gap between consecutive pooled values times |U − V|^p, with U and V the share of
 * (weight of) each sample at or below the left end of the gap. The terms are summed with
 * Neumaier compensation, so the result does not drift with 10⁷-value samples.
 */
export function cdfDistanceIntegral(
  power: 1 | 2,
  reference: NumericArray,
  current: NumericArray,
  referenceWeights: NumericArray | undefined,
  currentWeights: NumericArray | undefined,
  test: string,
): number {
  const u = prepare(reference, referenceWeights, 'reference', test);
  const v = prepare(current, currentWeights, 'current', test);
  const uValues = u.values;
  const vValues = v.values;
  const nu = uValues.length;
  const nv = vValues.length;
  const uCumulative = u.cumulative;
  const vCumulative = v.cumulative;
  const uTotal = uCumulative === undefined ? nu : (uCumulative[nu] as number);
  const vTotal = vCumulative === undefined ? nv : (vCumulative[nv] as number);
  let iu = 0;
  let iv = 0;
  let sum = 0;
  let compensation = 0;
  // The first pooled value starts the first gap.
  let left = Math.min(uValues[0] as number, vValues[0] as number);
  while (iu < nu || iv < nv) {
    // Advance past every value equal to `left`, so the counts are the ECDFs at `left`.
    while (iu < nu && (uValues[iu] as number) <= left) iu++;
    while (iv < nv && (vValues[iv] as number) <= left) iv++;
    if (iu === nu && iv === nv) break;
    const right =
      iu === nu
        ? (vValues[iv] as number)
        : iv === nv
          ? (uValues[iu] as number)
          : Math.min(uValues[iu] as number, vValues[iv] as number);
    const uCdf = uCumulative === undefined ? iu / uTotal : (uCumulative[iu] as number) / uTotal;
    const vCdf = vCumulative === undefined ? iv / vTotal : (vCumulative[iv] as number) / vTotal;
    const difference = uCdf - vCdf;
    const term = (power === 1 ? Math.abs(difference) : difference * difference) * (right - left);
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
    left = right;
  }
  return sum + compensation;
}
