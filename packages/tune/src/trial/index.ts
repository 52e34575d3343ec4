export { constraintsKey, isFeasible, trialConstraints } from './constraints';
export { createFrozenTrial } from './frozen-trial';
export { fixedParamsKey, Trial } from './trial';
