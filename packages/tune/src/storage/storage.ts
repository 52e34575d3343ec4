import type { Distribution, FrozenTrial, JsonValue, StudyDirection, TrialState } from '../types';

/** A study as a storage lists it. */
export interface StoredStudy {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
}

/** What a new trial may start with (Optuna's `template_trial`: `enqueueTrial`, `addTrial`). */
export interface TrialTemplate {
  readonly state: TrialState;
  readonly values?: readonly number[] | null;
  readonly datetimeStart?: Date | null;
  readonly datetimeComplete?: Date | null;
  /** Internal representation (see {@link Distribution}). */
  readonly params?: Readonly<Record<string, number>>;
  readonly distributions?: Readonly<Record<string, Distribution>>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  readonly intermediateValues?: ReadonlyMap<number, number>;
}

/**
 * Where studies and trials live; Optuna's `BaseStorage`, asynchronous. Several processes
 * (or hosts) may share one storage: trial numbers and the claim of a WAITING trial are
 * allocated atomically by the storage, and nothing else coordinates workers.
 *
 * Every method rejects with a typed error (`StudyNotFoundError`, `TrialNotFoundError`,
 * `TrialFinishedError`, `DuplicateStudyError`) rather than a bare `Error`.
 */
export interface Storage {
  /** Creates a study; rejects with `DuplicateStudyError` if the name exists. */
  createStudy(directions: readonly StudyDirection[], studyName: string): Promise<number>;
  deleteStudy(studyId: number): Promise<void>;
  getStudyIdFromName(studyName: string): Promise<number>;
  getStudy(studyId: number): Promise<StoredStudy>;
  getAllStudies(): Promise<StoredStudy[]>;
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void>;

  /** Creates a trial (RUNNING, started now, unless `template` says otherwise) and returns its id. */
  createTrial(studyId: number, template?: TrialTemplate): Promise<number>;
  /** Stores a parameter in the internal representation; rejects once the trial has finished. */
  setTrialParam(
    trialId: number,
    name: string,
    internalValue: number,
    distribution: Distribution,
  ): Promise<void>;
  /**
   * Moves a trial to `state` (with `values` when COMPLETE). Returns false, changing
   * nothing, when `state` is RUNNING and the trial is no longer WAITING (another worker
   * claimed it); rejects with `TrialFinishedError` when the trial has already finished.
   */
  setTrialStateValues(
    trialId: number,
    state: TrialState,
    values?: readonly number[] | null,
  ): Promise<boolean>;
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** Trials of the study in number order, optionally only those in `states`. */
  getAllTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]>;

  /**
   * Heartbeats (optional): storages shared by processes record when a RUNNING trial's
   * worker was last alive, and `failStaleTrials` marks FAIL every RUNNING trial whose
   * heartbeat is older than `gracePeriodMs`, returning their ids.
   */
  recordHeartbeat?(trialId: number): Promise<void>;
  failStaleTrials?(studyId: number, gracePeriodMs: number): Promise<number[]>;

  /** Releases files, connections and timers. */
  close?(): Promise<void>;
}
