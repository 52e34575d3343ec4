/**
 * The in-memory state a journal replays into (Optuna's `JournalStorageReplayResult`).
 * Every process applies the same log in the same order and so reaches the same state; the
 * only difference is that an operation this worker wrote and the replay rejects (a
 * duplicate study name, a finished trial, an incompatible distribution) is reported back
 * to it as an error, while other workers' rejected operations are skipped silently.
 */
import { assertCompatible, distributionFromJson, toExternal } from '../../distributions';
import {
  DuplicateStudyError,
  StudyNotFoundError,
  TrialFinishedError,
  TrialNotFoundError,
} from '../../errors';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  JsonValue,
  StudyDirection,
  TrialState,
} from '../../types';
import type { StoredStudy } from '../storage';
import {
  directionFromCode,
  isFinishedState,
  type JournalLog,
  JournalOperation,
  parseJournalDatetime,
  trialStateFromCode,
} from './journal-log';

interface StudyRecord {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
}

/** An operation that cannot be read (missing or mistyped fields); the replay skips it. */
class MalformedLogError extends Error {}

function field<T>(log: JournalLog, name: string, check: (value: unknown) => value is T): T {
  const value = log[name];
  if (!check(value)) throw new MalformedLogError(`field ${name} is missing or mistyped`);
  return value;
}

const isInteger = (value: unknown): value is number => Number.isInteger(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number';
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function singleAttribute(log: JournalLog, name: string): [string, JsonValue] {
  const entries = Object.entries(field(log, name, isRecord));
  if (entries.length !== 1) throw new MalformedLogError(`field ${name} must hold one key`);
  return entries[0] as [string, JsonValue];
}

function readDistribution(text: unknown, what: string): Distribution {
  try {
    return distributionFromJson(String(text));
  } catch (error) {
    throw new MalformedLogError(`distribution of ${what}: ${(error as Error).message}`);
  }
}

function externalValue(distribution: Distribution, internal: number, name: string) {
  try {
    return toExternal(distribution, internal);
  } catch (error) {
    throw new MalformedLogError(`value of ${name}: ${(error as Error).message}`);
  }
}

function valuesOf(log: JournalLog): number[] | null {
  const values = log.values;
  if (Array.isArray(values)) return values.map((value) => Number(value));
  if (typeof log.value === 'number') return [log.value];
  return null;
}

/** Replayed studies and trials, plus what this worker's own operations came to. */
export class JournalReplay {
  private readonly studies = new Map<number, StudyRecord>();
  private readonly trials: FrozenTrial[] = [];
  private readonly studyTrialIds = new Map<number, number[]>();
  private readonly trialStudyIds: number[] = [];
  private nextStudyId = 0;

  /** Errors of this worker's operations since {@link JournalReplay.beginOwnOperation}. */
  ownErrors: Error[] = [];
  /** The trial this worker's last CREATE_TRIAL created. */
  lastCreatedTrialId: number | undefined;
  /** The trial this worker's last RUNNING claim won. */
  lastClaimedTrialId: number | undefined;
  /** How many operations were skipped as unreadable. */
  skippedLogCount = 0;

  constructor(
    /** Operations with this `worker_id` are this worker's own. */
    readonly workerId: string,
    private readonly onWarning: (message: string) => void,
  ) {}

  /** Forgets the outcome of earlier own operations before writing a new one. */
  beginOwnOperation(): void {
    this.ownErrors = [];
    this.lastCreatedTrialId = undefined;
    this.lastClaimedTrialId = undefined;
  }

  /** Applies one operation; an unreadable one is skipped with a warning. */
  apply(log: JournalLog): void {
    try {
      this.dispatch(log);
    } catch (error) {
      if (!(error instanceof MalformedLogError)) throw error;
      this.skippedLogCount += 1;
      this.onWarning(
        `Skipping an unreadable journal operation (op_code ${String(log.op_code)}): ${error.message}.`,
      );
    }
  }

  private dispatch(log: JournalLog): void {
    switch (log.op_code) {
      case JournalOperation.createStudy:
        this.applyCreateStudy(log);
        return;
      case JournalOperation.deleteStudy:
        this.applyDeleteStudy(log);
        return;
      case JournalOperation.setStudyUserAttr:
      case JournalOperation.setStudySystemAttr:
        this.applySetStudyAttr(log);
        return;
      case JournalOperation.createTrial:
        this.applyCreateTrial(log);
        return;
      case JournalOperation.setTrialParam:
        this.applySetTrialParam(log);
        return;
      case JournalOperation.setTrialStateValues:
        this.applySetTrialStateValues(log);
        return;
      case JournalOperation.setTrialIntermediateValue:
        this.applySetTrialIntermediateValue(log);
        return;
      case JournalOperation.setTrialUserAttr:
      case JournalOperation.setTrialSystemAttr:
        this.applySetTrialAttr(log);
        return;
      case JournalOperation.discardTrials:
        return;
      default:
        throw new MalformedLogError(`unknown op_code ${String(log.op_code)}`);
    }
  }

  private isOwn(log: JournalLog): boolean {
    return log.worker_id === this.workerId;
  }

  private reject(log: JournalLog, error: Error): void {
    if (this.isOwn(log)) this.ownErrors.push(error);
  }

  private studyExists(log: JournalLog, studyId: number): boolean {
    if (this.studies.has(studyId)) return true;
    this.reject(log, new StudyNotFoundError({ study: studyId }));
    return false;
  }

  private trialUpdatable(log: JournalLog, trialId: number, operation: string): boolean {
    const trial = this.trials[trialId];
    if (trial === undefined) {
      this.reject(log, new TrialNotFoundError({ trialId }));
      return false;
    }
    if (isFinishedState(trial.state)) {
      this.reject(log, new TrialFinishedError({ trialId, state: trial.state, operation }));
      return false;
    }
    return true;
  }

  private applyCreateStudy(log: JournalLog): void {
    const studyName = field(log, 'study_name', isString);
    const directions = field(log, 'directions', Array.isArray).map((code) => {
      const direction = directionFromCode(code);
      if (direction === undefined) throw new MalformedLogError(`unknown direction ${code}`);
      return direction;
    });
    for (const study of this.studies.values()) {
      if (study.studyName === studyName) {
        this.reject(log, new DuplicateStudyError({ studyName }));
        return;
      }
    }
    const studyId = this.nextStudyId;
    this.nextStudyId += 1;
    this.studies.set(studyId, { studyId, studyName, directions, userAttrs: {}, systemAttrs: {} });
    this.studyTrialIds.set(studyId, []);
  }

  private applyDeleteStudy(log: JournalLog): void {
    const studyId = field(log, 'study_id', isInteger);
    if (this.studyExists(log, studyId)) this.studies.delete(studyId);
  }

  private applySetStudyAttr(log: JournalLog): void {
    const studyId = field(log, 'study_id', isInteger);
    const isUser = log.op_code === JournalOperation.setStudyUserAttr;
    const [key, value] = singleAttribute(log, isUser ? 'user_attr' : 'system_attr');
    if (!this.studyExists(log, studyId)) return;
    const study = this.studies.get(studyId) as StudyRecord;
    if (isUser) study.userAttrs = { ...study.userAttrs, [key]: value };
    else study.systemAttrs = { ...study.systemAttrs, [key]: value };
  }

  private applyCreateTrial(log: JournalLog): void {
    const studyId = field(log, 'study_id', isInteger);
    const distributions: Record<string, Distribution> = {};
    for (const [name, text] of Object.entries(
      isRecord(log.distributions) ? log.distributions : {},
    )) {
      distributions[name] = readDistribution(text, name);
    }
    const params: Record<string, number | CategoricalChoice> = {};
    for (const [name, internal] of Object.entries(isRecord(log.params) ? log.params : {})) {
      const distribution = distributions[name];
      if (distribution === undefined || typeof internal !== 'number') {
        throw new MalformedLogError(`parameter ${name} has no distribution or no number`);
      }
      params[name] = externalValue(distribution, internal, name);
    }
    const state = log.state === undefined ? 'RUNNING' : trialStateFromCode(log.state);
    if (state === undefined) throw new MalformedLogError(`unknown state ${String(log.state)}`);
    const intermediateValues = new Map<number, number>();
    if (isRecord(log.intermediate_values)) {
      for (const [step, value] of Object.entries(log.intermediate_values)) {
        intermediateValues.set(Number.parseInt(step, 10), Number(value));
      }
    }
    if (!this.studyExists(log, studyId)) return;
    const trialIds = this.studyTrialIds.get(studyId) as number[];
    const trialId = this.trials.length;
    this.trials.push(
      Object.freeze({
        number: trialIds.length,
        trialId,
        state,
        values: valuesOf(log),
        datetimeStart: parseJournalDatetime(log.datetime_start) ?? null,
        datetimeComplete: parseJournalDatetime(log.datetime_complete) ?? null,
        params: Object.freeze(params),
        distributions: Object.freeze(distributions),
        userAttrs: Object.freeze(
          isRecord(log.user_attrs) ? (log.user_attrs as Record<string, JsonValue>) : {},
        ),
        systemAttrs: Object.freeze(
          isRecord(log.system_attrs) ? (log.system_attrs as Record<string, JsonValue>) : {},
        ),
        intermediateValues,
      }),
    );
    trialIds.push(trialId);
    this.trialStudyIds.push(studyId);
    if (this.isOwn(log)) this.lastCreatedTrialId = trialId;
  }

  private replaceTrial(trialId: number, changes: Partial<FrozenTrial>): void {
    this.trials[trialId] = Object.freeze({ ...(this.trials[trialId] as FrozenTrial), ...changes });
  }

  private applySetTrialParam(log: JournalLog): void {
    const trialId = field(log, 'trial_id', isInteger);
    const name = field(log, 'param_name', isString);
    const internal = field(log, 'param_value_internal', isNumber);
    const distribution = readDistribution(field(log, 'distribution', isString), name);
    const external = externalValue(distribution, internal, name);
    if (!this.trialUpdatable(log, trialId, `set parameter ${JSON.stringify(name)}`)) return;
    const studyId = this.trialStudyIds[trialId] as number;
    for (const otherId of this.studyTrialIds.get(studyId) ?? []) {
      const previous = (this.trials[otherId] as FrozenTrial).distributions[name];
      if (previous === undefined) continue;
      try {
        assertCompatible(name, previous, distribution);
      } catch (error) {
        this.reject(log, error as Error);
        return;
      }
      break;
    }
    const trial = this.trials[trialId] as FrozenTrial;
    this.replaceTrial(trialId, {
      params: Object.freeze({ ...trial.params, [name]: external }),
      distributions: Object.freeze({ ...trial.distributions, [name]: distribution }),
    });
  }

  private applySetTrialStateValues(log: JournalLog): void {
    const trialId = field(log, 'trial_id', isInteger);
    const state = trialStateFromCode(log.state);
    if (state === undefined) throw new MalformedLogError(`unknown state ${String(log.state)}`);
    if (!this.trialUpdatable(log, trialId, `set its state to ${state}`)) return;
    const trial = this.trials[trialId] as FrozenTrial;
    // The first RUNNING claim in the log wins; a later one (another worker popped the same
    // WAITING trial) changes nothing.
    if (state === 'RUNNING' && trial.state === 'RUNNING') return;
    const changes: { -readonly [K in keyof FrozenTrial]?: FrozenTrial[K] } = { state };
    if (state === 'RUNNING') {
      changes.datetimeStart = parseJournalDatetime(log.datetime_start) ?? null;
      if (this.isOwn(log)) this.lastClaimedTrialId = trialId;
    }
    if (isFinishedState(state)) {
      changes.datetimeComplete = parseJournalDatetime(log.datetime_complete) ?? null;
    }
    if (Array.isArray(log.values)) changes.values = log.values.map((value) => Number(value));
    this.replaceTrial(trialId, changes);
  }

  private applySetTrialIntermediateValue(log: JournalLog): void {
    const trialId = field(log, 'trial_id', isInteger);
    const step = field(log, 'step', isInteger);
    const value = field(log, 'intermediate_value', isNumber);
    if (!this.trialUpdatable(log, trialId, `report step ${step}`)) return;
    const trial = this.trials[trialId] as FrozenTrial;
    const intermediateValues = new Map(trial.intermediateValues);
    intermediateValues.set(step, value);
    this.replaceTrial(trialId, { intermediateValues });
  }

  private applySetTrialAttr(log: JournalLog): void {
    const trialId = field(log, 'trial_id', isInteger);
    const isUser = log.op_code === JournalOperation.setTrialUserAttr;
    const [key, value] = singleAttribute(log, isUser ? 'user_attr' : 'system_attr');
    if (!this.trialUpdatable(log, trialId, `set attribute ${JSON.stringify(key)}`)) return;
    const trial = this.trials[trialId] as FrozenTrial;
    if (isUser)
      this.replaceTrial(trialId, {
        userAttrs: Object.freeze({ ...trial.userAttrs, [key]: value }),
      });
    else
      this.replaceTrial(trialId, {
        systemAttrs: Object.freeze({ ...trial.systemAttrs, [key]: value }),
      });
  }

  /** The study with this id, if it exists (and was not deleted). */
  getStudy(studyId: number): StoredStudy | undefined {
    const study = this.studies.get(studyId);
    if (study === undefined) return undefined;
    return {
      studyId: study.studyId,
      studyName: study.studyName,
      directions: study.directions,
      userAttrs: study.userAttrs,
      systemAttrs: study.systemAttrs,
    };
  }

  /** Studies in creation order. */
  getAllStudies(): StoredStudy[] {
    return [...this.studies.keys()].map((studyId) => this.getStudy(studyId) as StoredStudy);
  }

  /** The id of the study named `studyName`, if any. */
  findStudyId(studyName: string): number | undefined {
    for (const study of this.studies.values()) {
      if (study.studyName === studyName) return study.studyId;
    }
    return undefined;
  }

  /** The trial with this id, if any. */
  getTrial(trialId: number): FrozenTrial | undefined {
    return this.trials[trialId];
  }

  /** The study's trials in number order, optionally only those in `states`. */
  getTrials(studyId: number, states?: readonly TrialState[]): FrozenTrial[] {
    const trials = (this.studyTrialIds.get(studyId) ?? []).map(
      (trialId) => this.trials[trialId] as FrozenTrial,
    );
    return states === undefined ? trials : trials.filter((trial) => states.includes(trial.state));
  }
}
