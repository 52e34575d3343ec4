/** Which detector a snapshot or detector is. */
export type DriftDetectorKind =
  | 'adwin'
  | 'ddm'
  | 'eddm'
  | 'page-hinkley'
  | 'kswin'
  | 'hddm-a'
  | 'hddm-w';

/** What a detector concluded from the values seen so far. */
export interface DriftDetectorState {
  /**
   * True when the last update detected a drift. As in river, the detector then starts
   * afresh on the next update (it calls `reset()` first), so this is true for exactly one
   * update per drift.
   */
  readonly driftDetected: boolean;
  /**
   * True while the detector is in its warning zone (DDM, EDDM, HDDM_A, HDDM_W); always
   * false for detectors without one (ADWIN, PageHinkley, KSWIN).
   */
  readonly warningDetected: boolean;
}

/**
 * A plain, structured-clone and JSON-safe copy of a detector: its kind, its resolved
 * options, and its internal state. `restoreDriftDetector(snapshot)` rebuilds a detector
 * that continues exactly where this one was.
 */
export interface DriftDetectorSnapshot<
  Kind extends DriftDetectorKind = DriftDetectorKind,
  Options = unknown,
  State = unknown,
> {
  readonly kind: Kind;
  /** Layout of `state`; bumped if it ever changes. */
  readonly version: 1;
  readonly options: Options;
  readonly state: State;
}

/**
 * A streaming concept-drift detector with river's semantics: feed it one value per
 * `update()`, then read `driftDetected` / `warningDetected`. Updates do not allocate in
 * the steady state.
 *
 * @example
 * ```ts
 * const detector = createAdwin();
 * for (const [index, value] of stream.entries()) {
 *   if (detector.update(value).driftDetected) console.log(`drift at ${index}`);
 * }
 * ```
 */
export interface DriftDetector<Snapshot extends DriftDetectorSnapshot = DriftDetectorSnapshot>
  extends DriftDetectorState {
  readonly kind: DriftDetectorKind;
  /**
   * Adds one value and returns the detector, whose flags then describe this update.
   * Throws `InvalidArgumentError` for NaN, ±Infinity and values outside the detector's
   * domain.
   */
  update(x: number): this;
  /** Forgets every value seen, as river's `_reset()` does (options are kept). */
  reset(): void;
  /** A copy of the options and state; see `restoreDriftDetector`. */
  snapshot(): Snapshot;
}
