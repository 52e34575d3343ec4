// Golden streams from numpy (scripts/python/golden/gen_core_random.py): every float is
// compared exactly, since the generator is numpy's, bit for bit.
import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../test/support/golden';
import { createRng, type Rng, type RngSeed } from './index';

type SeedCase =
  | { kind: 'number'; value: number }
  | { kind: 'bigint'; value: string }
  | { kind: 'array'; value: number[] }
  | { kind: 'string'; value: string };

interface NumpyState {
  words: [string, string, string, string];
  hasUint32: boolean;
  uinteger: number;
}

function seedOf(seed: SeedCase): RngSeed {
  return seed.kind === 'bigint' ? BigInt(seed.value) : seed.value;
}

function nameOf(seed: SeedCase): string {
  return `${seed.kind} ${JSON.stringify(seed.value)}`;
}

function expectNumpyState(rng: Rng, expected: NumpyState): void {
  const { words, hasUint32, uinteger } = rng.getState();
  expect({ words, hasUint32, uinteger }).toEqual(expected);
}

const seeding = readGolden<
  {
    seed: SeedCase;
    entropyWords: number[];
    state: NumpyState;
    uint64: string[];
    float: number[];
    uint32: number[];
  }[]
>(new URL('./__fixtures__/seeding.json', import.meta.url));

describe('createRng(seed) seeds SFC64 through SeedSequence like numpy', () => {
  it.each(seeding.cases.map((entry) => [nameOf(entry.seed), entry] as const))('%s', (_, entry) => {
    const seed = seedOf(entry.seed);
    const fresh = createRng(seed);
    expect(fresh.getState().entropy).toEqual(entry.entropyWords);
    expectNumpyState(fresh, entry.state);

    const raw = createRng(seed);
    expect(entry.uint64.map(() => raw.uint64())).toEqual(entry.uint64.map((text) => BigInt(text)));

    const uniform = createRng(seed);
    expect(entry.float.map(() => uniform.float())).toEqual(entry.float);

    const words = createRng(seed);
    expect(entry.uint32.map(() => words.uint32())).toEqual(entry.uint32);
  });

  it('covers the seed forms the task names', () => {
    const names = seeding.cases.map((entry) => nameOf(entry.seed));
    for (const name of [
      'number 0',
      'number 1',
      'number 42',
      'number 4294967295',
      'number 4294967296',
      'number 9007199254740991',
    ]) {
      expect(names).toContain(name);
    }
    for (const kind of ['bigint', 'array', 'string']) {
      expect(
        seeding.cases.filter((entry) => entry.seed.kind === kind).length,
      ).toBeGreaterThanOrEqual(3);
    }
  });
});

const floats = readGolden<{ seed: SeedCase; float: number[] }[]>(
  new URL('./__fixtures__/floats.json', import.meta.url),
);

describe('float() equals Generator.random() over long runs', () => {
  it.each(floats.cases.map((entry) => [nameOf(entry.seed), entry] as const))('%s', (_, entry) => {
    const rng = createRng(seedOf(entry.seed));
    expect(entry.float.map(() => rng.float())).toEqual(entry.float);
    expect(Array.from(createRng(seedOf(entry.seed)).float64Array(entry.float.length))).toEqual(
      entry.float,
    );
  });
});

const integers = readGolden<{ seed: SeedCase; low: number; high: number; values: number[] }[]>(
  new URL('./__fixtures__/integers.json', import.meta.url),
);

describe('int(low, high) equals Generator.integers(low, high + 1)', () => {
  it.each(
    integers.cases.map(
      (entry) => [`${nameOf(entry.seed)} [${entry.low}, ${entry.high}]`, entry] as const,
    ),
  )('%s', (_, entry) => {
    const rng = createRng(seedOf(entry.seed));
    expect(entry.values.map(() => rng.int(entry.low, entry.high))).toEqual(entry.values);
  });

  it('covers the 32-bit, full-uint32 and 64-bit paths', () => {
    const ranges = new Set(integers.cases.map((entry) => entry.high - entry.low));
    for (const range of [0, 1, 2 ** 32 - 2, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 53 - 1]) {
      expect(ranges).toContain(range);
    }
    expect(integers.cases.some((entry) => entry.low < 0)).toBe(true);
  });
});

type Operation =
  | { op: 'float'; value: number }
  | { op: 'int'; low: number; high: number; value: number }
  | { op: 'uint32'; value: number }
  | { op: 'uint64'; value: string }
  | { op: 'choice'; n: number; value: number };

const interleaved = readGolden<{ seed: SeedCase; ops: Operation[]; finalState: NumpyState }[]>(
  new URL('./__fixtures__/interleaved.json', import.meta.url),
);

function perform(rng: Rng, operation: Operation): number | string {
  switch (operation.op) {
    case 'float':
      return rng.float();
    case 'int':
      return rng.int(operation.low, operation.high);
    case 'uint32':
      return rng.uint32();
    case 'uint64':
      return rng.uint64().toString();
    case 'choice':
      return rng.choice(Array.from({ length: operation.n }, (_, index) => index));
  }
}

describe('interleaved draws share the buffered uint32 half as numpy does', () => {
  it.each(interleaved.cases.map((entry) => [nameOf(entry.seed), entry] as const))(
    '%s',
    (_, entry) => {
      const rng = createRng(seedOf(entry.seed));
      expect(entry.ops.map((operation) => perform(rng, operation))).toEqual(
        entry.ops.map((operation) => operation.value),
      );
      expectNumpyState(rng, entry.finalState);
    },
  );
});

const shuffles = readGolden<
  { seed: SeedCase; n: number; permutations: number[][]; floatAfter: number; shuffled: number[] }[]
>(new URL('./__fixtures__/shuffle.json', import.meta.url));

describe('shuffle() and permutation() equal Generator.shuffle / permutation', () => {
  it.each(shuffles.cases.map((entry) => [`${nameOf(entry.seed)} n=${entry.n}`, entry] as const))(
    '%s',
    (_, entry) => {
      const rng = createRng(seedOf(entry.seed));
      expect([rng.permutation(entry.n), rng.permutation(entry.n)]).toEqual(entry.permutations);
      expect(rng.float()).toBe(entry.floatAfter);

      const plain = Array.from({ length: entry.n }, (_, index) => index);
      expect(createRng(seedOf(entry.seed)).shuffle(plain)).toEqual(entry.shuffled);
      const typed = Float64Array.from({ length: entry.n }, (_, index) => index);
      expect(Array.from(createRng(seedOf(entry.seed)).shuffle(typed))).toEqual(entry.shuffled);
    },
  );
});

const choices = readGolden<{ seed: SeedCase; n: number; values: number[] }[]>(
  new URL('./__fixtures__/choice.json', import.meta.url),
);

describe('choice(items) draws the index of Generator.choice(n)', () => {
  it.each(choices.cases.map((entry) => [`${nameOf(entry.seed)} n=${entry.n}`, entry] as const))(
    '%s',
    (_, entry) => {
      const items = Array.from({ length: entry.n }, (_, index) => `item-${index}`);
      const rng = createRng(seedOf(entry.seed));
      expect(entry.values.map(() => rng.choice(items))).toEqual(
        entry.values.map((index) => `item-${index}`),
      );
    },
  );
});

const forks = readGolden<
  {
    seed: SeedCase;
    spawnKey: number[];
    path: (string | number)[];
    childSpawnKey: number[];
    state: NumpyState;
    float: number[];
  }[]
>(new URL('./__fixtures__/forks.json', import.meta.url));

describe('fork(label) equals SeedSequence(entropy, spawn_key=parent key + encode(label))', () => {
  it.each(
    forks.cases.map(
      (entry) =>
        [
          `${nameOf(entry.seed)} key=${JSON.stringify(entry.spawnKey)} path=${JSON.stringify(entry.path)}`,
          entry,
        ] as const,
    ),
  )('%s', (_, entry) => {
    let rng = createRng(seedOf(entry.seed), { spawnKey: entry.spawnKey });
    for (const label of entry.path) rng = rng.fork(label);
    expect(rng.getState().spawnKey).toEqual(entry.childSpawnKey);
    expectNumpyState(rng, entry.state);
    expect(entry.float.map(() => rng.float())).toEqual(entry.float);
  });
});

const normals = readGolden<
  {
    seed: SeedCase;
    standard: number[];
    mean: number;
    std: number;
    scaled: number[];
    floatAfter: number;
  }[]
>(new URL('./__fixtures__/normal.json', import.meta.url));

describe('normal() equals the polar method of RandomState(SFC64(seed))', () => {
  // The uniforms are exact; only `log` may round differently between libm and V8, so
  // allow a few ulps (about 4% of draws differ by one). A stream misalignment would be off by far more.
  it.each(normals.cases.map((entry) => [nameOf(entry.seed), entry] as const))('%s', (_, entry) => {
    const standard = createRng(seedOf(entry.seed));
    entry.standard.forEach((expected, index) => {
      expectClose(standard.normal(), expected, { rtol: 1e-15, label: `standard #${index}` });
    });

    const scaled = createRng(seedOf(entry.seed));
    entry.scaled.forEach((expected, index) => {
      expectClose(scaled.normal(entry.mean, entry.std), expected, {
        rtol: 1e-15,
        label: `scaled #${index}`,
      });
    });
    expect(scaled.float()).toBe(entry.floatAfter);
  });
});
