// numpy's SeedSequence (O'Neill's seed_seq hashing, numpy's variant): entropy and spawn
// key are mixed into a pool of four uint32 words, from which any number of well-spread
// seeding words is drawn. Reimplemented here so that seeds and fork paths give the same
// bit-generator state as `np.random.SeedSequence(entropy, spawn_key=...)`.

const poolSize = 4;
const hashInitA = 0x43b0d7e5;
const hashMultiplierA = 0x931e8875;
const hashInitB = 0x8b51f9dd;
const hashMultiplierB = 0x58f38ded;
const mixMultiplierLeft = 0xca01f9dd;
const mixMultiplierRight = 0x4973f715;

/**
 * The first `wordCount` uint32 words of `SeedSequence(entropy, spawn_key=spawnKey)
 * .generate_state(wordCount)`; both inputs are uint32 words.
 */
export function seedSequenceWords(
  entropy: readonly number[],
  spawnKey: readonly number[],
  wordCount: number,
): Uint32Array {
  const pool = mixEntropy(assembleEntropy(entropy, spawnKey));
  const out = new Uint32Array(wordCount);
  let hashConstant = hashInitB;
  for (let index = 0; index < wordCount; index++) {
    let value = ((pool[index % poolSize] ?? 0) ^ hashConstant) >>> 0;
    hashConstant = Math.imul(hashConstant, hashMultiplierB) >>> 0;
    value = Math.imul(value, hashConstant) >>> 0;
    out[index] = value ^ (value >>> 16);
  }
  return out;
}

function assembleEntropy(entropy: readonly number[], spawnKey: readonly number[]): number[] {
  // With a spawn key, short entropy is zero-padded to the pool size so that a seed and
  // its own children cannot collide (numpy gh-16539); without one numpy keeps the short
  // form for stream compatibility, and so do we.
  const padding = spawnKey.length > 0 ? Math.max(0, poolSize - entropy.length) : 0;
  return [...entropy, ...new Array<number>(padding).fill(0), ...spawnKey];
}

function mixEntropy(entropy: readonly number[]): Uint32Array {
  let hashConstant = hashInitA;
  const hashMix = (input: number): number => {
    let value = (input ^ hashConstant) >>> 0;
    hashConstant = Math.imul(hashConstant, hashMultiplierA) >>> 0;
    value = Math.imul(value, hashConstant) >>> 0;
    return (value ^ (value >>> 16)) >>> 0;
  };
  const pool = new Uint32Array(poolSize);
  for (let index = 0; index < poolSize; index++) pool[index] = hashMix(entropy[index] ?? 0);
  for (let source = 0; source < poolSize; source++) {
    for (let target = 0; target < poolSize; target++) {
      if (source !== target) {
        pool[target] = mix(pool[target] ?? 0, hashMix(pool[source] ?? 0));
      }
    }
  }
  for (let source = poolSize; source < entropy.length; source++) {
    for (let target = 0; target < poolSize; target++) {
      pool[target] = mix(pool[target] ?? 0, hashMix(entropy[source] ?? 0));
    }
  }
  return pool;
}

function mix(left: number, right: number): number {
  const value = (Math.imul(mixMultiplierLeft, left) - Math.imul(mixMultiplierRight, right)) >>> 0;
  return (value ^ (value >>> 16)) >>> 0;
}
