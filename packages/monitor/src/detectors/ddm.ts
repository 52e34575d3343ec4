import type { DriftDetector, DriftDetectorSnapshot } from './types';
import { errorInput, integerOption, realOption, snapshotKind } from './validation';

/** Options of DDM; names and defaults are river's (`river.drift.binary.DDM`). */
export interface DdmOptions {
  /** Updates before the minima are tracked and warnings/drifts can fire. Default 30. */
  warmStart?: number;
  /** Warning when p + s exceeds p_min + warningThreshold · s_min. Default 2. */
  warningThreshold?: number;
  /** Drift when p + s exceeds p_min + driftThreshold · s_min. Default 3. */
  driftThreshold?: number;
}

/** DDM's state: the running error rate and the minimum of p + s seen after warm-up. */
export interface DdmState {
  readonly n: number;
  readonly errorRate: number;
  /** `null` until the warm-up has passed. */
  readonly minimumErrorRate: number | null;
  readonly minimumStd: number | null;
  /** p_min + s_min; `null` (river: +∞) until the warm-up has passed. */
  readonly minimumSum: number | null;
  readonly driftDetected: boolean;
  readonly warningDetected: boolean;
}

export type DdmSnapshot = DriftDetectorSnapshot<'ddm', Required<DdmOptions>, DdmState>;

/** DDM, with its running error rate. */
export interface Ddm extends DriftDetector<DdmSnapshot> {
  readonly kind: 'ddm';
  readonly options: Readonly<Required<DdmOptions>>;
  /** Updates since the last reset. */
  readonly n: number;
  /** Running mean of the inputs: the error rate p. */
  readonly errorRate: number;
  /** x is 1/true for an error, 0/false otherwise (or an error probability in [0, 1]). */
  update(x: number | boolean): this;
}

const NAME = 'DDM';

function resolveOptions(options: DdmOptions): Required<DdmOptions> {
  const option = (name: keyof DdmOptions, fallback: number) => ({
    detector: NAME,
    option: name,
    value: options[name] ?? fallback,
  });
  return {
    warmStart: integerOption(option('warmStart', 30), 0),
    warningThreshold: realOption(option('warningThreshold', 2), 0, Number.MAX_VALUE),
    driftThreshold: realOption(option('driftThreshold', 3), 0, Number.MAX_VALUE),
  };
}

class DdmDetector implements Ddm {
  readonly kind = 'ddm' as const;
  readonly options: Readonly<Required<DdmOptions>>;
  driftDetected = false;
  warningDetected = false;
  n = 0;
  errorRate = 0;
  private minimumErrorRate = 0;
  private minimumStd = 0;
  private minimumSum = Number.POSITIVE_INFINITY;

  constructor(options: DdmOptions) {
    this.options = Object.freeze(resolveOptions(options));
  }

  update(x: number | boolean): this {
    const value = errorInput(NAME, x);
    if (this.driftDetected) this.reset();
    this.n += 1;
    this.errorRate += (1 / this.n) * (value - this.errorRate);
    const p = this.errorRate;
    const s = Math.sqrt((p * (1 - p)) / this.n);
    if (this.n > this.options.warmStart) {
      if (p + s <= this.minimumSum) {
        this.minimumErrorRate = p;
        this.minimumStd = s;
        this.minimumSum = p + s;
      }
      this.warningDetected =
        p + s > this.minimumErrorRate + this.options.warningThreshold * this.minimumStd;
      if (p + s > this.minimumErrorRate + this.options.driftThreshold * this.minimumStd) {
        this.driftDetected = true;
        this.warningDetected = false;
      }
    }
    return this;
  }

  reset(): void {
    this.driftDetected = false;
    this.warningDetected = false;
    this.n = 0;
    this.errorRate = 0;
    this.minimumErrorRate = 0;
    this.minimumStd = 0;
    this.minimumSum = Number.POSITIVE_INFINITY;
  }

  snapshot(): DdmSnapshot {
    const tracked = this.minimumSum !== Number.POSITIVE_INFINITY;
    return {
      kind: 'ddm',
      version: 1,
      options: { ...this.options },
      state: {
        n: this.n,
        errorRate: this.errorRate,
        minimumErrorRate: tracked ? this.minimumErrorRate : null,
        minimumStd: tracked ? this.minimumStd : null,
        minimumSum: tracked ? this.minimumSum : null,
        driftDetected: this.driftDetected,
        warningDetected: this.warningDetected,
      },
    };
  }

  static fromSnapshot(snapshot: DdmSnapshot): DdmDetector {
    snapshotKind(NAME, 'ddm', snapshot.kind);
    const detector = new DdmDetector(snapshot.options);
    const { state } = snapshot;
    detector.n = state.n;
    detector.errorRate = state.errorRate;
    detector.minimumErrorRate = state.minimumErrorRate ?? 0;
    detector.minimumStd = state.minimumStd ?? 0;
    detector.minimumSum = state.minimumSum ?? Number.POSITIVE_INFINITY;
    detector.driftDetected = state.driftDetected;
    detector.warningDetected = state.warningDetected;
    return detector;
  }
}

/**
 * DDM (Drift Detection Method, Gama et al. 2004) for error streams, identical to river
 * 0.26's `drift.binary.DDM`. Tests use strict `>` against the thresholds, as river does.
 *
 * @example
 * ```ts
 * const ddm = createDdm();
 * for (const [prediction, label] of pairs) {
 *   ddm.update(prediction !== label);
 *   if (ddm.warningDetected) startCollecting();
 *   if (ddm.driftDetected) retrain();
 * }
 * ```
 */
export function createDdm(options: DdmOptions = {}): Ddm {
  return new DdmDetector(options);
}

/** Rebuilds a DDM from `ddm.snapshot()`. */
export function restoreDdm(snapshot: DdmSnapshot): Ddm {
  return DdmDetector.fromSnapshot(snapshot);
}
