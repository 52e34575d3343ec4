/**
 * Drift from sketches vs exact KS by sorting, on 10M reference and 10M current float64 values.
 *
 *   pnpm exec tsx --conditions=@dagnostics/source packages/monitor/bench/sketch.ts [size] [k]
 *
 * Times (a) building a KLL sketch of each column plus KS, PSI, Jensen-Shannon and normed
 * Wasserstein from the sketches, and (b) the exact two-sample KS statistic by sorting both
 * columns (`Float64Array.prototype.sort`) and one merge pass, in the same process. Prints both
 * times, their ratio, the serialized sketch sizes and the KS error against its bound.
 */
import { createRng } from '@dagnostics/core';
import {
  createKllSketch,
  jensenShannonDistanceFromSketches,
  kolmogorovSmirnovFromSketches,
  normedWassersteinDistanceFromSketches,
  populationStabilityIndexFromSketches,
} from '../src/sketches';

const size = Number(process.argv[2] ?? 10_000_000);
const k = Number(process.argv[3] ?? 200);

function normalColumn(seed: number, shift: number): Float64Array {
  const rng = createRng([seed, 2026]);
  const column = new Float64Array(size);
  for (let i = 0; i < size; i++) column[i] = rng.normal(shift, 1);
  return column;
}

function exactKolmogorovSmirnov(a: Float64Array, b: Float64Array): number {
  a.sort();
  b.sort();
  let i = 0;
  let j = 0;
  let statistic = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && (a[i] as number) <= value) i++;
    while (j < b.length && (b[j] as number) <= value) j++;
    statistic = Math.max(statistic, Math.abs(i / a.length - j / b.length));
  }
  return statistic;
}

function format(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(3)} s`;
}

console.log(
  `node ${process.version}, ${size.toLocaleString('en')} vs ${size.toLocaleString('en')} float64, k = ${k}`,
);
const reference = normalColumn(1, 0);
const current = normalColumn(2, 0.02);

const sketchStart = performance.now();
const referenceSketch = createKllSketch({ k, seed: 1 }).updateMany(reference);
const currentSketch = createKllSketch({ k, seed: 2 }).updateMany(current);
const built = performance.now();
const ks = kolmogorovSmirnovFromSketches(referenceSketch, currentSketch);
const psi = populationStabilityIndexFromSketches(referenceSketch, currentSketch);
const js = jensenShannonDistanceFromSketches(referenceSketch, currentSketch);
const wasserstein = normedWassersteinDistanceFromSketches(referenceSketch, currentSketch);
const sketchEnd = performance.now();

const exactStart = performance.now();
const exact = exactKolmogorovSmirnov(reference, current);
const exactEnd = performance.now();

const sketchTime = sketchEnd - sketchStart;
const exactTime = exactEnd - exactStart;
console.log(
  `sketches: build ${format(built - sketchStart)}, statistics ${format(sketchEnd - built)}, total ${format(sketchTime)}`,
);
console.log(`exact KS by sorting: ${format(exactTime)}`);
console.log(`ratio exact / sketch: ${(exactTime / sketchTime).toFixed(2)}x`);
console.log(
  `serialized bytes: reference ${referenceSketch.toBytes().length}, current ${currentSketch.toBytes().length} (retained ${referenceSketch.retainedCount} / ${currentSketch.retainedCount} values)`,
);
console.log(
  `KS: sketch ${ks.statistic.toFixed(6)}, exact ${exact.toFixed(6)}, error ${Math.abs(ks.statistic - exact).toExponential(2)}, bound (99%) ${ks.errorBound.toFixed(4)}, p ${ks.pValue?.toExponential(3)}`,
);
console.log(
  `from sketches: PSI ${psi.statistic.toFixed(5)} ± ${psi.errorBound.toFixed(3)}, JS ${js.statistic.toFixed(5)} ± ${js.errorBound.toFixed(3)}, normed Wasserstein ${wasserstein.statistic.toFixed(5)} ± ${wasserstein.errorBound.toFixed(3)}`,
);
