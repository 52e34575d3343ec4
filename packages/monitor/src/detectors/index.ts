/**
 * Streaming concept-drift detectors with river 0.26's parameters, defaults and outputs:
 * ADWIN, DDM, EDDM, PageHinkley, KSWIN, HDDM_A and HDDM_W. Each is created by a
 * `createX(options)` factory, takes one value per `update()`, and exposes
 * `driftDetected` / `warningDetected`; `snapshot()` and `restoreDriftDetector()` persist
 * and resume one.
 *
 * @example
 * ```ts
 * import { createAdwin, createDdm } from '@dagnostics/monitor/detectors';
 *
 * const adwin = createAdwin();
 * const ddm = createDdm();
 * for (const { loss, correct } of stream) {
 *   if (adwin.update(loss).driftDetected) console.log('loss distribution changed');
 *   if (ddm.update(!correct).warningDetected) console.log('error rate rising');
 * }
 * ```
 */
export {
  type Adwin,
  type AdwinBucketRow,
  type AdwinOptions,
  type AdwinSnapshot,
  type AdwinState,
  createAdwin,
  restoreAdwin,
} from './adwin';
export {
  createDdm,
  type Ddm,
  type DdmOptions,
  type DdmSnapshot,
  type DdmState,
  restoreDdm,
} from './ddm';
export {
  createEddm,
  type Eddm,
  type EddmOptions,
  type EddmSnapshot,
  type EddmState,
  restoreEddm,
} from './eddm';
export {
  createHddmA,
  type HddmA,
  type HddmAOptions,
  type HddmASnapshot,
  type HddmAState,
  type RunningMeanState,
  restoreHddmA,
} from './hddm-a';
export {
  createHddmW,
  type EwmaSampleState,
  type HddmW,
  type HddmWOptions,
  type HddmWSnapshot,
  type HddmWState,
  restoreHddmW,
} from './hddm-w';
export {
  createKswin,
  type Kswin,
  type KswinOptions,
  type KswinSnapshot,
  type KswinState,
  restoreKswin,
} from './kswin';
export {
  createPageHinkley,
  type PageHinkley,
  type PageHinkleyMode,
  type PageHinkleyOptions,
  type PageHinkleySnapshot,
  type PageHinkleyState,
  restorePageHinkley,
} from './page-hinkley';
export type { PythonRandomState } from './python-random';
export { type AnyDriftDetectorSnapshot, restoreDriftDetector } from './restore';
export type {
  DriftDetector,
  DriftDetectorKind,
  DriftDetectorSnapshot,
  DriftDetectorState,
} from './types';
