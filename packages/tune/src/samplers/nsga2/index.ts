export {
  BLXAlphaCrossover,
  type Crossover,
  SBXCrossover,
  type SBXCrossoverOptions,
  UniformCrossover,
} from './crossover';
export { crowdingDistanceSort, crowdingDistances } from './crowding-distance';
export {
  constraintViolation,
  rankPopulation,
  selectElitePopulation,
} from './elite-selection';
export { nonDominationRanks } from './non-dominated-sort';
export {
  NSGA2_GENERATION_KEY,
  NSGA2_PARENT_CACHE_KEY_PREFIX,
  NSGAIISampler,
  type NSGAIISamplerOptions,
} from './nsga2-sampler';
