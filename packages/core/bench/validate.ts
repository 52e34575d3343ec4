/**
 * Benchmark of `validate` (@dagnostics/core/validate) against Great Expectations (pandas)
 * and pandera, on the same seeded table, in the same run; and of per-row zod validation
 * against the column path.
 *
 *   pnpm exec tsx --conditions=@dagnostics/source packages/core/bench/validate.ts [rows]
 *
 * The table (default 10,000,000 rows) has 8 columns: `id` (int32, 0..n-1), `qty` (int32,
 * uniform 0..999), four float64 (`price` normal(100, 15), `score` uniform [0, 1), `temp`
 * normal(0, 1), `latency` exponential with mean 50) and two low-cardinality strings stored as
 * Arrow dictionary columns (`category`, 5 values; `region`, 8 values). The 12 expectations
 * (all passing) are the same in the three engines. The peers run in .venv-ge (`bash
 * scripts/test-env/ensure-venv.sh ge`, done here), reading raw column files written here
 * (no pyarrow there), with the strings as pandas `category` columns.
 *
 * Timings are medians of BENCH_ROUNDS rounds (default 3) for ours and BENCH_PEER_ROUNDS
 * (default 3) for the peers. Peak memory of ours: the process's peak RSS (VmHWM, reset via
 * /proc/self/clear_refs right before validation) against the table's Arrow buffer size.
 * Zod: `schema.safeParse` of each row as a plain object, on the first BENCH_ZOD_ROWS rows
 * (default 1,000,000), against `validate` on a table of the same rows.
 *
 * Prints a Markdown entry, writes it to bench/results/validate-latest.md (with the raw
 * numbers in validate-latest.json) and appends it to bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createRng } from '@dagnostics/core';
import { type Table, tableFromColumns } from '@dagnostics/core/arrow';
import {
  defineSuite,
  type ExpectationSuite,
  expectColumnMeanToBeBetween,
  expectColumnQuantileToBeBetween,
  expectColumnStdevToBeBetween,
  expectColumnValuesToBeBetween,
  expectColumnValuesToBeInSet,
  expectColumnValuesToBeUnique,
  expectColumnValuesToMatchRegex,
  expectColumnValuesToNotBeNull,
  expectTableRowCountToBeBetween,
  validate,
} from '@dagnostics/core/validate';
import { z } from 'zod';

const benchDirectory = import.meta.dirname;
const repositoryRoot = resolve(benchDirectory, '../../..');
const rows = Number(process.argv.slice(2).find((argument) => /^\d+$/.test(argument)) ?? 10_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const peerRounds = Number(process.env.BENCH_PEER_ROUNDS ?? 3);
const zodRows = Math.min(rows, Number(process.env.BENCH_ZOD_ROWS ?? 1_000_000));

const categories = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const regions = [
  'eu-west',
  'eu-north',
  'us-east',
  'us-west',
  'ap-south',
  'ap-east',
  'sa-east',
  'af-south',
];
const bounds = {
  priceMin: 0,
  priceMax: 200,
  meanMin: 99,
  meanMax: 101,
  stdevMin: 0.95,
  stdevMax: 1.05,
  // Median of an exponential with mean 50: 50 ln 2 ≈ 34.66.
  medianMin: 33,
  medianMax: 36,
  regionRegex: '^[a-z]+-[a-z]+$',
};

interface Columns {
  id: Int32Array;
  qty: Int32Array;
  price: Float64Array;
  score: Float64Array;
  temp: Float64Array;
  latency: Float64Array;
  category: Uint8Array;
  region: Uint8Array;
}

function generate(count: number): Columns {
  const rng = createRng([20261127, 8]);
  const columns: Columns = {
    id: new Int32Array(count),
    qty: new Int32Array(count),
    price: new Float64Array(count),
    score: new Float64Array(count),
    temp: new Float64Array(count),
    latency: new Float64Array(count),
    category: new Uint8Array(count),
    region: new Uint8Array(count),
  };
  for (let index = 0; index < count; index++) {
    columns.id[index] = index;
    columns.qty[index] = rng.int(0, 999);
    columns.price[index] = rng.normal(100, 15);
    columns.score[index] = rng.float();
    columns.temp[index] = rng.normal(0, 1);
    columns.latency[index] = -50 * Math.log(1 - rng.float());
    columns.category[index] = rng.int(0, categories.length - 1);
    columns.region[index] = rng.int(0, regions.length - 1);
  }
  return columns;
}

function stringsOf(codes: Uint8Array, dictionary: string[], count: number): string[] {
  const values = new Array<string>(count);
  for (let index = 0; index < count; index++)
    values[index] = dictionary[codes[index] as number] as string;
  return values;
}

function buildTable(columns: Columns, count: number): Table {
  return tableFromColumns(
    {
      id: columns.id.subarray(0, count),
      qty: columns.qty.subarray(0, count),
      price: columns.price.subarray(0, count),
      score: columns.score.subarray(0, count),
      temp: columns.temp.subarray(0, count),
      latency: columns.latency.subarray(0, count),
      category: stringsOf(columns.category, categories, count),
      region: stringsOf(columns.region, regions, count),
    },
    { stringEncoding: 'dictionary' },
  );
}

function suiteFor(count: number): ExpectationSuite {
  return defineSuite([
    expectTableRowCountToBeBetween({ min: count, max: count }),
    expectColumnValuesToNotBeNull('id'),
    expectColumnValuesToBeUnique('id'),
    expectColumnValuesToBeBetween('qty', { min: 0, max: 999 }),
    expectColumnValuesToBeBetween('price', {
      min: bounds.priceMin,
      max: bounds.priceMax,
      mostly: 0.99,
    }),
    expectColumnValuesToBeBetween('score', { min: 0, max: 1 }),
    expectColumnValuesToNotBeNull('temp'),
    expectColumnMeanToBeBetween('price', { min: bounds.meanMin, max: bounds.meanMax }),
    expectColumnStdevToBeBetween('temp', { min: bounds.stdevMin, max: bounds.stdevMax }),
    expectColumnQuantileToBeBetween('latency', 0.5, {
      min: bounds.medianMin,
      max: bounds.medianMax,
    }),
    expectColumnValuesToBeInSet('category', categories),
    expectColumnValuesToMatchRegex('region', bounds.regionRegex),
  ]);
}

/** Bytes of an Arrow Data node's buffers, its children and its dictionary. */
// biome-ignore lint/suspicious/noExplicitAny: walks Arrow's untyped Data internals.
function dataBytes(data: any, seen: Set<unknown>): number {
  if (data === undefined || data === null || seen.has(data)) return 0;
  seen.add(data);
  let total = 0;
  for (const buffer of [data.values, data.valueOffsets, data.nullBitmap, data.typeIds]) {
    if (buffer !== undefined && buffer !== null) total += buffer.byteLength as number;
  }
  for (const child of data.children ?? []) total += dataBytes(child, seen);
  for (const chunk of data.dictionary?.data ?? []) total += dataBytes(chunk, seen);
  return total;
}

function tableBytes(table: Table): number {
  const seen = new Set<unknown>();
  let total = 0;
  for (const batch of table.batches) total += dataBytes(batch.data, seen);
  return total;
}

/** A full garbage collection, without needing node's --expose-gc on the command line. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function readStatusKb(field: string): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? Number.NaN);
}

function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function timed(count: number, work: () => void): number[] {
  const times: number[] = [];
  for (let round = 0; round < count; round++) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return times;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const perSecond = (count: number, seconds: number): string =>
  `${(count / seconds / 1e6).toFixed(2)} M`;

interface PeerReport {
  versions: Record<string, string>;
  frameBytes: number;
  pandera: { seconds: number[]; success: boolean };
  greatExpectations: { seconds: number[]; success: boolean; failed: string[] };
}

/**
 * `BENCH_PROFILE=1`: times each expectation of the suite alone on our side (no peers, no
 * RESULTS.md entry), to find the hot spots.
 */
function profile(): void {
  console.log(`Generating ${rows.toLocaleString('en-US')} rows x 8 columns...`);
  const table = buildTable(generate(rows), rows);
  const suite = suiteFor(rows);
  for (const expectation of suite.expectations) {
    const single = defineSuite([expectation]);
    const seconds = median(timed(rounds, () => validate(table, single)));
    const column = 'column' in expectation ? ` ${expectation.column}` : '';
    console.log(`${(seconds * 1000).toFixed(1).padStart(9)} ms  ${expectation.type}${column}`);
  }
  const whole = timed(rounds, () => validate(table, suite));
  console.log(
    `${(median(whole) * 1000).toFixed(1).padStart(9)} ms  whole suite (${whole.map((s) => s.toFixed(3)).join(', ')} s)`,
  );
}

async function main(): Promise<void> {
  execFileSync('bash', [join(repositoryRoot, 'scripts/test-env/ensure-venv.sh'), 'ge'], {
    stdio: 'inherit',
  });
  const python = join(repositoryRoot, '.venv-ge', 'bin', 'python');
  const resultsDirectory = join(benchDirectory, 'results');
  const dataDirectory = join(resultsDirectory, 'validate-data');
  mkdirSync(dataDirectory, { recursive: true });

  console.log(`Generating ${rows.toLocaleString('en-US')} rows x 8 columns...`);
  const columns = generate(rows);
  for (const [name, values] of Object.entries(columns) as [string, ArrayBufferView][]) {
    const extension =
      values instanceof Int32Array ? 'i32' : values instanceof Uint8Array ? 'u8' : 'f64';
    writeFileSync(
      join(dataDirectory, `${name}.${extension}`),
      new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    );
  }
  writeFileSync(
    join(dataDirectory, 'meta.json'),
    JSON.stringify({
      rows,
      dictionaries: { category: categories, region: regions },
      suite: bounds,
    }),
  );

  // Peers first (in their own process), so that our process's memory stays undisturbed.
  console.log(`Running Great Expectations and pandera (${peerRounds} rounds each)...`);
  const peerStarted = Date.now();
  const peers = JSON.parse(
    execFileSync(
      python,
      [join(benchDirectory, 'validate_peers.py'), dataDirectory, String(peerRounds)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ),
  ) as PeerReport;
  console.log(`Peers done in ${((Date.now() - peerStarted) / 1000).toFixed(0)} s.`);
  rmSync(dataDirectory, { recursive: true, force: true });

  // Zod against the column path, on the first zodRows rows.
  const zodTable = buildTable(columns, zodRows);
  const zodSuite = suiteFor(zodRows);
  const rowSchema = z.object({
    id: z.number().int(),
    qty: z.number().int().min(0).max(999),
    price: z.number().min(bounds.priceMin).max(bounds.priceMax),
    score: z.number().min(0).max(1),
    temp: z.number(),
    latency: z.number(),
    category: z.enum(categories as [string, ...string[]]),
    region: z.string().regex(new RegExp(bounds.regionRegex)),
  });
  const objects = new Array<Record<string, unknown>>(zodRows);
  for (let index = 0; index < zodRows; index++) {
    objects[index] = {
      id: columns.id[index],
      qty: columns.qty[index],
      price: columns.price[index],
      score: columns.score[index],
      temp: columns.temp[index],
      latency: columns.latency[index],
      category: categories[columns.category[index] as number],
      region: regions[columns.region[index] as number],
    };
  }
  let zodFailures = 0;
  const zodSeconds = timed(rounds, () => {
    zodFailures = 0;
    for (const object of objects) if (!rowSchema.safeParse(object).success) zodFailures++;
  });
  let zodColumnSuccess = false;
  const zodColumnSeconds = timed(rounds, () => {
    zodColumnSuccess = validate(zodTable, zodSuite).success;
  });
  objects.length = 0;

  // Ours on the full table.
  const table = buildTable(columns, rows);
  const suite = suiteFor(rows);
  const bytes = tableBytes(table);
  // A full collection (twice: the second waits for the first's sweep) so that the baseline
  // holds no garbage from the generator or the zod part that validation could free later.
  collectGarbage();
  collectGarbage();
  const baselineRssKb = readStatusKb('VmRSS');
  const peakReset = resetPeakRss();
  let ours = validate(table, suite);
  const peakRssKb = readStatusKb('VmHWM');
  const firstSeconds = timed(1, () => {
    ours = validate(table, suite);
  });
  const oursSeconds = [
    ...firstSeconds,
    ...timed(Math.max(0, rounds - 1), () => validate(table, suite)),
  ];

  const oursMedian = median(oursSeconds);
  const geMedian = median(peers.greatExpectations.seconds);
  const panderaMedian = median(peers.pandera.seconds);
  const zodMedian = median(zodSeconds);
  const zodColumnMedian = median(zodColumnSeconds);
  const geRatio = geMedian / oursMedian;
  const panderaRatio = panderaMedian / oursMedian;
  const peakBytes = peakRssKb * 1024;
  const growthBytes = (peakRssKb - baselineRssKb) * 1024;
  // The table plus what validation adds at its peak, against the table alone.
  const memoryRatio = (bytes + growthBytes) / bytes;
  const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

  const table1 = [
    '| Engine | median (s) | rounds (s) | rows / s | suite passed | ours faster by |',
    '|---|---:|---:|---:|---|---:|',
    `| ours (\`validate\`, Arrow) | ${oursMedian.toFixed(3)} | ${oursSeconds.map((s) => s.toFixed(3)).join(', ')} | ${perSecond(rows, oursMedian)} | ${ours.success} | 1.0x |`,
    `| Great Expectations ${peers.versions.great_expectations} (pandas) | ${geMedian.toFixed(3)} | ${peers.greatExpectations.seconds.map((s) => s.toFixed(3)).join(', ')} | ${perSecond(rows, geMedian)} | ${peers.greatExpectations.success} | ${geRatio.toFixed(1)}x |`,
    `| pandera ${peers.versions.pandera} (pandas, lazy=True) | ${panderaMedian.toFixed(3)} | ${peers.pandera.seconds.map((s) => s.toFixed(3)).join(', ')} | ${perSecond(rows, panderaMedian)} | ${peers.pandera.success} | ${panderaRatio.toFixed(1)}x |`,
  ].join('\n');
  const table2 = [
    `| Path (${zodRows.toLocaleString('en-US')} rows) | median (s) | rows / s | passed | column path faster by |`,
    '|---|---:|---:|---|---:|',
    `| zod \`safeParse\` per row object (8 row-level rules) | ${zodMedian.toFixed(3)} | ${perSecond(zodRows, zodMedian)} | ${zodFailures === 0} | ${(zodMedian / zodColumnMedian).toFixed(1)}x |`,
    `| ours \`validate\` (all 12 expectations) | ${zodColumnMedian.toFixed(3)} | ${perSecond(zodRows, zodColumnMedian)} | ${zodColumnSuccess} | 1.0x |`,
  ].join('\n');

  const cpu = (() => {
    try {
      return execFileSync('bash', ['-c', "lscpu | grep 'Model name' | sed 's/.*: *//'"], {
        encoding: 'utf8',
      }).trim();
    } catch {
      return cpus()[0]?.model ?? 'unknown';
    }
  })();
  const command = `pnpm exec tsx --conditions=@dagnostics/source packages/core/bench/validate.ts${process.argv.slice(2).length > 0 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
  const date = new Date().toISOString();
  const entry = [
    `\n## ${date.slice(0, 10)}, validate: ${rows.toLocaleString('en-US')} rows x 8 columns, 12 expectations\n`,
    `- Machine: ${cpu}, ${cpus().length} cores (nproc); Node ${process.version}; Python ${peers.versions.python}, pandas ${peers.versions.pandas}, numpy ${peers.versions.numpy}; 1-minute load average ${loadavg()[0]?.toFixed(2)} at the end`,
    `- Command: \`${command}\` (rounds: ours ${rounds}, peers ${peerRounds}${process.env.BENCH_PEER_ROUNDS === undefined ? '' : ' via BENCH_PEER_ROUNDS'}; zod on the first ${zodRows.toLocaleString('en-US')} rows)`,
    "- Data (seeded `createRng`): `id` int32 0..n-1, `qty` int32 0..999, float64 `price` N(100, 15), `score` U[0, 1), `temp` N(0, 1), `latency` Exp(mean 50); `category` (5 values) and `region` (8 values) as Arrow dictionary strings, pandas `category` on the peers' side.",
    '- Expectations (all pass): row count = n; not null `id`, `temp`; unique `id`; between `qty` [0, 999], `price` [0, 200] mostly 0.99, `score` [0, 1]; mean `price` [99, 101]; stdev `temp` [0.95, 1.05]; median `latency` [33, 36]; in set `category`; regex `region` `^[a-z]+-[a-z]+$`.',
    '- Timed: only validation. GE: ephemeral context, pandas datasource, whole-dataframe batch, `batch.validate(suite)` (SUMMARY results; each expectation computes its metrics on the DataFrame through pandas, one pandas boolean mask per row-level expectation (e.g. unique: `~column.duplicated(keep=False)`, regex: `column.astype(str).str.contains(regex)`, per-value Python string work), plus the unexpected-value lists of the SUMMARY result). pandera: `DataFrameSchema(...).validate(df, lazy=True)` with built-in `in_range`/`isin`/`str_matches`, `unique=True`, `nullable=False` and custom series checks for mostly/mean/stdev/median/row count (pandera has no `mostly`).',
    '',
    table1,
    '',
    `- Target >= 5x Great Expectations: ${verdict(geRatio >= 5)} (${geRatio.toFixed(1)}x).`,
    `- Target >= 2x pandera: ${verdict(panderaRatio >= 2)} (${panderaRatio.toFixed(1)}x).`,
    `- Peak memory under 1.5x the table: ${peakReset ? verdict(memoryRatio < 1.5) : 'not measured (clear_refs refused)'} (${memoryRatio.toFixed(2)}x: the table's Arrow buffers ${mib(bytes)} plus the peak RSS growth during the first validation, ${mib(growthBytes)} = ${(growthBytes / bytes).toFixed(2)}x the table). Whole-process peak RSS (VmHWM) ${mib(peakBytes)} = ${(peakBytes / bytes).toFixed(2)}x the table. The peak RSS includes Node itself, the zod part's leftovers and the generator's arrays (the numeric ones are wrapped by the table, not copied, when tableFromColumns takes typed arrays as they are). pandas frame: ${mib(peers.frameBytes)}.`,
    '',
    table2,
    '',
    '- zod checks only the row-level rules (types, ranges, enum, regex); it cannot express unique, mean, stdev, median or row count. Building the row objects is not timed.',
    '',
  ].join('\n');
  console.log(entry);
  mkdirSync(resultsDirectory, { recursive: true });
  writeFileSync(join(resultsDirectory, 'validate-latest.md'), entry);
  writeFileSync(
    join(resultsDirectory, 'validate-latest.json'),
    `${JSON.stringify(
      {
        date,
        command,
        rows,
        tableBytes: bytes,
        peakRssBytes: peakBytes,
        baselineRssBytes: baselineRssKb * 1024,
        ours: oursSeconds,
        peers,
        zod: { rows: zodRows, perRow: zodSeconds, column: zodColumnSeconds },
      },
      null,
      2,
    )}\n`,
  );
  if (process.env.BENCH_NO_APPEND === undefined) {
    appendFileSync(join(benchDirectory, 'RESULTS.md'), entry);
  }
  if (!ours.success || !peers.greatExpectations.success || !peers.pandera.success) {
    console.error('A suite failed; see the entry.', peers.greatExpectations.failed);
    process.exitCode = 1;
  }
}

if (process.env.BENCH_PROFILE === undefined) await main();
else profile();
