export {
  assertNotEmpty,
  assertNumericArray,
  isIntegerArray,
  type NumericArray,
  toFloat64Copy,
} from './numeric-array';
