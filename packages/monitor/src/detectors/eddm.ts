import { InvalidArgumentError } from '@dagnostics/core';
import type { DriftDetector, DriftDetectorSnapshot } from './types';
import { errorInput, integerOption, realOption, snapshotKind } from './validation';

/** Options of EDDM; names and defaults are river's (`river.drift.binary.EDDM`). */
export interface EddmOptions {
  /**
   * Updates, and also errors, needed before warnings/drifts can fire (the maximum is
   * tracked from update `warmStart + 1` on). Default 30.
   */
  warmStart?: number;
  /** Warning when (mean + 2·std of the distance between errors) / its maximum < alpha. Default 0.95. */
  alpha?: number;
  /** Drift when that ratio < beta; must not exceed `alpha`. Default 0.9. */
  beta?: number;
}

/** EDDM's state: the distances between consecutive errors and their running statistics. */
export interface EddmState {
  readonly n: number;
  /** Update count at the last error (0 before the first). */
  readonly lastError: number;
  readonly nErrors: number;
  /** Running count, mean and sum of squared deviations of the distances (river's `stats.Var`). */
  readonly distanceCount: number;
  readonly distanceMean: number;
  readonly distanceSquaredDeviations: number;
  /** Largest mean + 2·std seen after warm-up; −1 before. */
  readonly maximumMeanPlusTwoStd: number;
  readonly driftDetected: boolean;
  readonly warningDetected: boolean;
}

export type EddmSnapshot = DriftDetectorSnapshot<'eddm', Required<EddmOptions>, EddmState>;

/** EDDM. */
export interface Eddm extends DriftDetector<EddmSnapshot> {
  readonly kind: 'eddm';
  readonly options: Readonly<Required<EddmOptions>>;
  /**
   * x is 1/true for an error, 0/false otherwise. As in river, only exactly 1 counts as an
   * error; a probability in (0, 1) counts as a correct prediction.
   */
  update(x: number | boolean): this;
}

const NAME = 'EDDM';

function resolveOptions(options: EddmOptions): Required<EddmOptions> {
  const option = (name: keyof EddmOptions, fallback: number) => ({
    detector: NAME,
    option: name,
    value: options[name] ?? fallback,
  });
  const resolved = {
    warmStart: integerOption(option('warmStart', 30), 0),
    alpha: realOption(option('alpha', 0.95), 0, 1),
    beta: realOption(option('beta', 0.9), 0, 1),
  };
  if (resolved.alpha < resolved.beta) {
    throw new InvalidArgumentError({
      message: `${NAME}: option \`alpha\` (${resolved.alpha}) must be >= \`beta\` (${resolved.beta}): alpha is the warning level and beta the lower drift level.`,
      argument: 'alpha',
    });
  }
  return resolved;
}

/**
 * Warnings are sticky, as in river: the warning flag changes only on an error after
 * warm-up whose mean + 2·std does not set a new maximum, and it is left as it was when
 * that error triggers a drift.
 */
class EddmDetector implements Eddm {
  readonly kind = 'eddm' as const;
  readonly options: Readonly<Required<EddmOptions>>;
  driftDetected = false;
  warningDetected = false;
  private n = 0;
  private lastError = 0;
  private nErrors = 0;
  private distanceCount = 0;
  private distanceMean = 0;
  private distanceSquaredDeviations = 0;
  private maximumMeanPlusTwoStd = -1;

  constructor(options: EddmOptions) {
    this.options = Object.freeze(resolveOptions(options));
  }

  update(x: number | boolean): this {
    const value = errorInput(NAME, x);
    if (this.driftDetected) this.reset();
    this.n += 1;
    if (value !== 1) return this;

    this.nErrors += 1;
    const distance = this.n - this.lastError;
    const previousMean = this.distanceMean;
    this.distanceCount += 1;
    this.distanceMean += (1 / this.distanceCount) * (distance - this.distanceMean);
    this.distanceSquaredDeviations += (distance - previousMean) * (distance - this.distanceMean);

    if (this.n > this.options.warmStart) {
      const variance =
        this.distanceCount > 1 ? this.distanceSquaredDeviations / (this.distanceCount - 1) : 0;
      const meanPlusTwoStd = this.distanceMean + 2 * Math.sqrt(variance);
      if (meanPlusTwoStd > this.maximumMeanPlusTwoStd) {
        this.maximumMeanPlusTwoStd = meanPlusTwoStd;
      } else if (this.nErrors > this.options.warmStart) {
        const level = meanPlusTwoStd / this.maximumMeanPlusTwoStd;
        if (level < this.options.beta) this.driftDetected = true;
        else this.warningDetected = level < this.options.alpha;
      }
    }
    this.lastError = this.n;
    return this;
  }

  reset(): void {
    this.driftDetected = false;
    this.warningDetected = false;
    this.n = 0;
    this.lastError = 0;
    this.nErrors = 0;
    this.distanceCount = 0;
    this.distanceMean = 0;
    this.distanceSquaredDeviations = 0;
    this.maximumMeanPlusTwoStd = -1;
  }

  snapshot(): EddmSnapshot {
    return {
      kind: 'eddm',
      version: 1,
      options: { ...this.options },
      state: {
        n: this.n,
        lastError: this.lastError,
        nErrors: this.nErrors,
        distanceCount: this.distanceCount,
        distanceMean: this.distanceMean,
        distanceSquaredDeviations: this.distanceSquaredDeviations,
        maximumMeanPlusTwoStd: this.maximumMeanPlusTwoStd,
        driftDetected: this.driftDetected,
        warningDetected: this.warningDetected,
      },
    };
  }

  static fromSnapshot(snapshot: EddmSnapshot): EddmDetector {
    snapshotKind(NAME, 'eddm', snapshot.kind);
    const detector = new EddmDetector(snapshot.options);
    Object.assign(detector, {
      n: snapshot.state.n,
      lastError: snapshot.state.lastError,
      nErrors: snapshot.state.nErrors,
      distanceCount: snapshot.state.distanceCount,
      distanceMean: snapshot.state.distanceMean,
      distanceSquaredDeviations: snapshot.state.distanceSquaredDeviations,
      maximumMeanPlusTwoStd: snapshot.state.maximumMeanPlusTwoStd,
      driftDetected: snapshot.state.driftDetected,
      warningDetected: snapshot.state.warningDetected,
    });
    return detector;
  }
}

/**
 * EDDM (Early Drift Detection Method, Baena-García et al. 2006) for error streams,
 * identical to river 0.26's `drift.binary.EDDM`: it tracks the distance (in updates)
 * between consecutive errors, with a sample variance (ddof = 1).
 *
 * @example
 * ```ts
 * const eddm = createEddm({ alpha: 0.8, beta: 0.75 });
 * if (eddm.update(prediction !== label).driftDetected) retrain();
 * ```
 */
export function createEddm(options: EddmOptions = {}): Eddm {
  return new EddmDetector(options);
}

/** Rebuilds an EDDM from `eddm.snapshot()`. */
export function restoreEddm(snapshot: EddmSnapshot): Eddm {
  return EddmDetector.fromSnapshot(snapshot);
}
