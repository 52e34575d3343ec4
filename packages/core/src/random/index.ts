export {
  type CreateRngOptions,
  createRng,
  type Rng,
  restoreRng,
  type ShuffleableArray,
} from './rng';
export type { RngState } from './rng-state';
export type { RngForkLabel, RngSeed } from './seed-encoding';
