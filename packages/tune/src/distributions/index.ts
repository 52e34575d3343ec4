export { assertCompatible } from './compatibility';
export {
  categoricalDistribution,
  type FloatOptions,
  floatDistribution,
  type IntOptions,
  intDistribution,
} from './create';
export { distributionsEqual, sameChoice } from './equality';
export { distributionFromJson, distributionToJson, pythonFloatRepr } from './json';
export { contains, isSingle, singleValue, toExternal, toInternal } from './representation';
