import { expect } from 'vitest';
import { expectClose, readGolden } from '../../../test/support/golden';
import type { DriftDetector } from '../types';

/** One run of a river detector, as scripts/python/golden/gen_monitor_detectors.py records it. */
export interface DetectorCase {
  name: string;
  /** river's keyword arguments (snake_case). */
  params: Record<string, unknown>;
  length: number;
  /** Name of the input stream in `streams`. */
  stream: string;
  drifts: number[];
  warningRuns: [number, number][];
  /** Columnar: `checkpoints[field][j]` is the state after update `checkpoints.index[j]`. */
  checkpoints: Record<string, (number | boolean | null)[]> & { index: number[] };
  /** KSWIN's `window=` pre-fill, space-separated. */
  window?: string;
}

export interface PythonRandomCase {
  seed: number;
  n: number;
  k: number;
  samples: number[][];
  nextUint32: number;
}

interface DetectorFixture {
  river: string;
  streams: Record<string, string>;
  adwin: DetectorCase[];
  ddm: DetectorCase[];
  eddm: DetectorCase[];
  pageHinkley: DetectorCase[];
  kswin: DetectorCase[];
  hddmA: DetectorCase[];
  hddmW: DetectorCase[];
  pythonRandom: PythonRandomCase[];
}

export const golden = readGolden<DetectorFixture>(new URL('./detectors.json', import.meta.url))
  .cases;

/** Decodes a stream: a string of 0/1 digits, or space-separated floats. */
export function decodeValues(encoded: string): number[] {
  if (/^[01]*$/.test(encoded)) return Array.from(encoded, Number);
  return encoded.split(' ').map(Number);
}

export function streamOf(testCase: DetectorCase): number[] {
  const encoded = golden.streams[testCase.stream];
  if (encoded === undefined) throw new Error(`no stream ${testCase.stream} in the fixture`);
  const values = decodeValues(encoded);
  expect(values).toHaveLength(testCase.length);
  return values;
}

const RENAMED: Record<string, string> = { lambda_val: 'lambda' };

/** river's keyword arguments as this package's option names (snake_case → camelCase). */
export function optionsOf(testCase: DetectorCase): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(testCase.params).map(([key, value]) => [
      RENAMED[key] ?? key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase()),
      value,
    ]),
  );
}

function runsOf(indices: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const index of indices) {
    const last = runs.at(-1);
    if (last !== undefined && last[1] === index - 1) last[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

/** Nested state flattened with dotted names, as the generator writes checkpoints. */
export function flatten(state: object, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(flat, flatten(value, `${prefix}${key}.`));
    } else {
      flat[`${prefix}${key}`] = value;
    }
  }
  return flat;
}

/**
 * Feeds the case's stream to `detector` and checks, against river: the drift indices and
 * warning runs exactly, and at each checkpoint every recorded field of `read(detector)`
 * (numbers to `rtol`, booleans and nulls exactly).
 */
export function expectMatchesRiver<Detector extends DriftDetector>(
  detector: Detector,
  testCase: DetectorCase,
  read: (detector: Detector) => Record<string, unknown>,
  rtol = 1e-12,
): void {
  const stream = streamOf(testCase);
  const drifts: number[] = [];
  const warnings: number[] = [];
  const { index: checkpointIndices, ...fields } = testCase.checkpoints;
  let next = 0;
  stream.forEach((value, index) => {
    detector.update(value);
    if (detector.driftDetected) drifts.push(index);
    if (detector.warningDetected) warnings.push(index);
    if (checkpointIndices[next] !== index) return;
    const actual = read(detector);
    expect(actual.drift, `drift flag at ${index}`).toBe(fields.drift?.[next]);
    expect(actual.warning, `warning flag at ${index}`).toBe(fields.warning?.[next]);
    for (const [field, values] of Object.entries(fields)) {
      const expected = values[next];
      const label = `${testCase.name}: ${field} after update ${index}`;
      if (typeof expected === 'number') {
        expectClose(actual[field] as number, expected, { rtol, label });
      } else {
        expect(actual[field], label).toBe(expected);
      }
    }
    next += 1;
  });
  expect(next, 'checkpoints visited').toBe(checkpointIndices.length);
  expect(drifts, 'drift indices').toEqual(testCase.drifts);
  expect(runsOf(warnings), 'warning runs').toEqual(testCase.warningRuns);
}

/** The flags under the generator's names, plus the snapshot state flattened. */
export function flagsAndState(detector: DriftDetector): Record<string, unknown> {
  return {
    drift: detector.driftDetected,
    warning: detector.warningDetected,
    ...flatten(detector.snapshot().state as object),
  };
}
