/**
 * `pnpm bench` for @dagnostics/monitor: the issue's benchmark, ours and the peers on the
 * same data in the same run.
 *
 *   pnpm --filter @dagnostics/monitor bench            # 10M vs 10M, 3 rounds
 *   pnpm --filter @dagnostics/monitor bench -- 1000000 # a quicker size
 *
 * 1. Exact statistics, 10M reference vs 10M current float64 values (normal, the current
 *    shifted by 0.02 and 5% wider): KS (scipy `ks_2samp`; ours `ksTwoSample`), PSI on
 *    Evidently's Sturges bins (Evidently `_psi`; ours through `detectColumnDrift` with
 *    `psi`), normed Wasserstein (Evidently; ours `normedWassersteinDistance`), chi-square
 *    on shared Sturges bins (numpy + scipy `chisquare`; ours `evidentlyBinnedPercents` +
 *    `chiSquareGoodnessOfFit`). Target: ours at most as slow as the peer.
 * 2. Sketch mode: KLL sketches (k = 200) of both columns, then KS, PSI and normed
 *    Wasserstein from them, against our exact KS + PSI + Wasserstein. Targets: 5x faster,
 *    under 1 MB per column, KS error under 0.01.
 * 3. ADWIN and PageHinkley updates per second against river, on a 1M-point stream.
 *
 * Each timing is the median of the rounds. The peers run in .venv-golden (`bash
 * scripts/test-env/ensure-venv.sh golden`, done here when missing). Prints a Markdown entry
 * for bench/RESULTS.md and writes it with the raw numbers to bench/results/.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createRng } from '@dagnostics/core';
import { createAdwin, createPageHinkley } from '../src/detectors';
import {
  chiSquareGoodnessOfFit,
  detectColumnDrift,
  evidentlyBinnedPercents,
  ksTwoSample,
  normedWassersteinDistance,
} from '../src/drift';
import {
  createKllSketch,
  kolmogorovSmirnovFromSketches,
  normedWassersteinDistanceFromSketches,
  populationStabilityIndexFromSketches,
} from '../src/sketches';

const run = promisify(execFile);
const benchDirectory = import.meta.dirname;
const repositoryRoot = resolve(benchDirectory, '../../..');
const size = Number(process.argv.slice(2).find((argument) => /^\d+$/.test(argument)) ?? 10_000_000);
const rounds = 3;
const sketchK = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timed(work: () => unknown): number[] {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return times;
}

function normalColumn(seed: number, mean: number, std: number): Float64Array {
  const rng = createRng([seed, 48]);
  const column = new Float64Array(size);
  for (let index = 0; index < size; index++) column[index] = rng.normal(mean, std);
  return column;
}

function chiSquareBinned(reference: Float64Array, current: Float64Array): number {
  const binned = evidentlyBinnedPercents(reference, current, {
    columnType: 'num',
    fillZeros: false,
  });
  const observed: number[] = [];
  const expected: number[] = [];
  binned.reference.forEach((share, index) => {
    if (share > 0) {
      observed.push((binned.current[index] as number) * current.length);
      expected.push(share * current.length);
    }
  });
  const totalObserved = observed.reduce((sum, value) => sum + value, 0);
  const totalExpected = expected.reduce((sum, value) => sum + value, 0);
  return chiSquareGoodnessOfFit(
    Float64Array.from(observed),
    Float64Array.from(expected, (value) => (value * totalObserved) / totalExpected),
  ).pValue;
}

function exactKs(reference: Float64Array, current: Float64Array): number {
  const a = Float64Array.from(reference).sort();
  const b = Float64Array.from(current).sort();
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

async function ensurePeers(): Promise<string> {
  execFileSync('bash', [join(repositoryRoot, 'scripts/test-env/ensure-venv.sh'), 'golden'], {
    stdio: 'inherit',
  });
  return join(repositoryRoot, '.venv-golden', 'bin', 'python');
}

async function main(): Promise<void> {
  const python = await ensurePeers();
  const resultsDirectory = join(benchDirectory, 'results');
  const dataDirectory = join(resultsDirectory, 'data');
  await mkdir(dataDirectory, { recursive: true });
  const loadBefore = loadavg()[0] ?? 0;

  console.log(
    `generating ${size.toLocaleString('en-US')} + ${size.toLocaleString('en-US')} values`,
  );
  const reference = normalColumn(1, 0, 1);
  const current = normalColumn(2, 0.02, 1.05);
  const stream = new Float64Array(1_000_000);
  const streamRng = createRng([3, 48]);
  for (let index = 0; index < stream.length; index++) {
    stream[index] = streamRng.normal(index < 500_000 ? 0 : 0.5, 1);
  }
  const bytes = (column: Float64Array) =>
    new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
  await writeFile(join(dataDirectory, 'reference.f64'), bytes(reference));
  await writeFile(join(dataDirectory, 'current.f64'), bytes(current));
  await writeFile(join(dataDirectory, 'stream.f64'), bytes(stream));

  console.log('peers: scipy, Evidently, river');
  const { stdout } = await run(
    python,
    [join(benchDirectory, 'peers.py'), dataDirectory, String(rounds)],
    {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 3_600_000,
    },
  );
  const peers = JSON.parse(stdout) as Record<string, number[]> & {
    versions: Record<string, string>;
    'detector points': number;
  };

  console.log('ours: exact statistics');
  const ours: Record<string, number[]> = {
    ks: timed(() => ksTwoSample(reference, current)),
    psi: timed(() => detectColumnDrift('x', reference, current, { method: 'psi' })),
    wasserstein: timed(() => normedWassersteinDistance(reference, current)),
    'chi-square binned': timed(() => chiSquareBinned(reference, current)),
  };

  console.log('ours: sketches');
  let sketchBytes = 0;
  let sketchKs = 0;
  const sketch = timed(() => {
    const referenceSketch = createKllSketch({ k: sketchK, seed: 1 });
    const currentSketch = createKllSketch({ k: sketchK, seed: 2 });
    referenceSketch.updateMany(reference);
    currentSketch.updateMany(current);
    sketchKs = kolmogorovSmirnovFromSketches(referenceSketch, currentSketch).statistic;
    populationStabilityIndexFromSketches(referenceSketch, currentSketch);
    normedWassersteinDistanceFromSketches(referenceSketch, currentSketch);
    sketchBytes = Math.max(
      referenceSketch.toBytes().byteLength,
      currentSketch.toBytes().byteLength,
    );
  });
  const exactSet = timed(() => {
    ksTwoSample(reference, current);
    detectColumnDrift('x', reference, current, { method: 'psi' });
    normedWassersteinDistance(reference, current);
  });
  const trueKs = exactKs(reference, current);

  console.log('ours: detectors');
  const detectorPoints = peers['detector points'];
  const runDetector = (detector: { update(x: number): unknown }) => {
    for (let index = 0; index < detectorPoints; index++) detector.update(stream[index] as number);
  };
  const adwin = timed(() => runDetector(createAdwin()));
  const pageHinkley = timed(() => runDetector(createPageHinkley()));

  const rows: [string, number, number, string, boolean][] = [];
  const compare = (label: string, our: number[], peer: number[] | undefined, peerName: string) => {
    const ratio = median(peer ?? [Number.NaN]) / median(our);
    rows.push([label, median(our), median(peer ?? [Number.NaN]), peerName, ratio >= 1]);
  };
  compare('KS', ours.ks as number[], peers['ks scipy'], 'scipy ks_2samp');
  compare('PSI (Sturges bins)', ours.psi as number[], peers['psi evidently'], 'Evidently _psi');
  compare(
    'normed Wasserstein',
    ours.wasserstein as number[],
    peers['wasserstein evidently'],
    'Evidently',
  );
  compare(
    'chi-square (binned)',
    ours['chi-square binned'] as number[],
    peers['chi-square binned scipy'],
    'numpy + scipy',
  );

  const sketchSpeedup = median(exactSet) / median(sketch);
  const ksError = Math.abs(sketchKs - trueKs);
  const adwinRatio = median(peers['adwin river'] as number[]) / median(adwin);
  const pageHinkleyRatio = median(peers['page-hinkley river'] as number[]) / median(pageHinkley);
  const loadAfter = loadavg()[0] ?? 0;
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const seconds = (value: number) => value.toFixed(3);
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  const lines = [
    `## ${new Date().toISOString().slice(0, 10)}, ${model.trim()}`,
    '',
    `- Machine: ${model.trim()}, ${cpus().length} cores; Node ${process.version}; Python ${peers.versions.python}, numpy ${peers.versions.numpy}, scipy ${peers.versions.scipy}, pandas ${peers.versions.pandas}, river ${peers.versions.river}; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
    `- Command: \`pnpm --filter @dagnostics/monitor bench${size === 10_000_000 ? '' : ` -- ${size}`}\` (${size.toLocaleString('en-US')} reference vs ${size.toLocaleString('en-US')} current float64 values; median of ${rounds} rounds)`,
    '',
    '| Statistic | ours (s) | peer (s) | peer | peer time / our time |',
    '| --- | ---: | ---: | --- | ---: |',
    ...rows.map(
      ([label, our, peer, name]) =>
        `| ${label} | ${seconds(our)} | ${seconds(peer)} | ${name} | ${(peer / our).toFixed(2)} |`,
    ),
    '',
    `- Exact statistics at least as fast as the peer: ${verdict(rows.every((row) => row[4]))}`,
    `- Sketch mode (KLL k=${sketchK}: build both + KS, PSI, Wasserstein) ${seconds(median(sketch))} s vs exact KS + PSI + Wasserstein ${seconds(median(exactSet))} s: ${sketchSpeedup.toFixed(2)}x faster (target >= 5x): ${verdict(sketchSpeedup >= 5)}`,
    `- Sketch size ${sketchBytes.toLocaleString('en-US')} bytes per column (target < 1 MB): ${verdict(sketchBytes < 1_048_576)}; KS from sketches ${sketchKs.toFixed(5)} vs exact ${trueKs.toFixed(5)}, error ${ksError.toFixed(5)} (target < 0.01): ${verdict(ksError < 0.01)}`,
    `- ADWIN: ${(detectorPoints / median(adwin) / 1e6).toFixed(2)}M updates/s vs river ${(detectorPoints / median(peers['adwin river'] as number[]) / 1e6).toFixed(2)}M: ${adwinRatio.toFixed(1)}x (target >= 10x): ${verdict(adwinRatio >= 10)}`,
    `- PageHinkley: ${(detectorPoints / median(pageHinkley) / 1e6).toFixed(2)}M updates/s vs river ${(detectorPoints / median(peers['page-hinkley river'] as number[]) / 1e6).toFixed(2)}M: ${pageHinkleyRatio.toFixed(1)}x (target >= 10x): ${verdict(pageHinkleyRatio >= 10)}`,
    '',
  ];
  const entry = lines.join('\n');
  console.log(`\n${entry}`);
  await writeFile(join(resultsDirectory, 'latest.md'), entry);
  await writeFile(
    join(resultsDirectory, 'latest.json'),
    `${JSON.stringify({ size, rounds, ours, peers, sketch, exactSet, sketchBytes, sketchKs, trueKs, adwin, pageHinkley }, null, 1)}\n`,
  );
}

await main();
