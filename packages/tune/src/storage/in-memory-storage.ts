import { assertCompatible } from '../distributions/compatibility';
import { toExternal } from '../distributions/representation';
import {
  DuplicateStudyError,
  StudyNotFoundError,
  TrialFinishedError,
  TrialNotFoundError,
} from '../errors';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  JsonValue,
  StudyDirection,
  TrialState,
} from '../types';
import type { Storage, StoredStudy, TrialTemplate } from './storage';

interface StudyRecord {
  study: StoredStudy;
  trials: FrozenTrial[];
  /** The distribution each parameter name was first stored with, for compatibility checks. */
  paramDistributions: Map<string, Distribution>;
}

const finishedStates: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL'];

function cloneJson<T extends JsonValue>(value: T): T {
  return value === null || typeof value !== 'object' ? value : structuredClone(value);
}

function externalParams(
  params: Readonly<Record<string, number>>,
  distributions: Readonly<Record<string, Distribution>>,
): Record<string, number | CategoricalChoice> {
  const external: Record<string, number | CategoricalChoice> = {};
  for (const [name, internal] of Object.entries(params)) {
    const distribution = distributions[name];
    if (distribution === undefined) {
      throw new TypeError(`Trial template has a value for ${name} but no distribution.`);
    }
    external[name] = toExternal(distribution, internal);
  }
  return external;
}

/**
 * A storage in this process's memory (Optuna's `InMemoryStorage`), the default of
 * `createStudy`. Lost when the process ends; every method resolves at once and operations
 * are atomic because JavaScript runs them one at a time.
 *
 * Trials are stored as immutable objects and replaced on each change, so `getTrial` and
 * `getAllTrials` hand out the stored objects without copying: treat them as read-only.
 */
export class InMemoryStorage implements Storage {
  readonly #studies = new Map<number, StudyRecord>();
  readonly #studyIdsByName = new Map<string, number>();
  /** Trial id -> [study id, index in the study's trials]. */
  readonly #trialLocations = new Map<number, [number, number]>();
  #nextStudyId = 0;
  #nextTrialId = 0;

  async createStudy(directions: readonly StudyDirection[], studyName: string): Promise<number> {
    if (this.#studyIdsByName.has(studyName)) throw new DuplicateStudyError({ studyName });
    const studyId = this.#nextStudyId;
    this.#nextStudyId += 1;
    this.#studies.set(studyId, {
      study: { studyId, studyName, directions: [...directions], userAttrs: {}, systemAttrs: {} },
      trials: [],
      paramDistributions: new Map(),
    });
    this.#studyIdsByName.set(studyName, studyId);
    return studyId;
  }

  async deleteStudy(studyId: number): Promise<void> {
    const record = this.#record(studyId);
    for (const trial of record.trials) this.#trialLocations.delete(trial.trialId);
    this.#studyIdsByName.delete(record.study.studyName);
    this.#studies.delete(studyId);
  }

  async getStudyIdFromName(studyName: string): Promise<number> {
    const studyId = this.#studyIdsByName.get(studyName);
    if (studyId === undefined) throw new StudyNotFoundError({ study: studyName });
    return studyId;
  }

  async getStudy(studyId: number): Promise<StoredStudy> {
    return this.#record(studyId).study;
  }

  async getAllStudies(): Promise<StoredStudy[]> {
    return [...this.#studies.values()].map((record) => record.study);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const record = this.#record(studyId);
    record.study = {
      ...record.study,
      userAttrs: { ...record.study.userAttrs, [key]: cloneJson(value) },
    };
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const record = this.#record(studyId);
    record.study = {
      ...record.study,
      systemAttrs: { ...record.study.systemAttrs, [key]: cloneJson(value) },
    };
  }

  async createTrial(studyId: number, template?: TrialTemplate): Promise<number> {
    const record = this.#record(studyId);
    const trialId = this.#nextTrialId;
    const number = record.trials.length;
    const state = template?.state ?? 'RUNNING';
    const distributions = { ...(template?.distributions ?? {}) };
    for (const [name, distribution] of Object.entries(distributions)) {
      this.#checkParamDistribution(record, name, distribution);
    }
    const trial: FrozenTrial = {
      number,
      trialId,
      state,
      values: template?.values ? [...template.values] : null,
      datetimeStart:
        template === undefined
          ? new Date()
          : (template.datetimeStart ?? (state === 'RUNNING' ? new Date() : null)),
      datetimeComplete: template?.datetimeComplete ?? null,
      params: externalParams(template?.params ?? {}, distributions),
      distributions,
      userAttrs: structuredClone(template?.userAttrs ?? {}),
      systemAttrs: structuredClone(template?.systemAttrs ?? {}),
      intermediateValues: new Map(template?.intermediateValues ?? []),
    };
    this.#nextTrialId += 1;
    record.trials.push(trial);
    this.#trialLocations.set(trialId, [studyId, number]);
    return trialId;
  }

  async setTrialParam(
    trialId: number,
    name: string,
    internalValue: number,
    distribution: Distribution,
  ): Promise<void> {
    const trial = this.#updatableTrial(trialId, 'set a parameter');
    const [studyId] = this.#location(trialId);
    this.#checkParamDistribution(this.#record(studyId), name, distribution);
    this.#replace(trialId, {
      ...trial,
      params: { ...trial.params, [name]: toExternal(distribution, internalValue) },
      distributions: { ...trial.distributions, [name]: distribution },
    });
  }

  async setTrialStateValues(
    trialId: number,
    state: TrialState,
    values?: readonly number[] | null,
  ): Promise<boolean> {
    const trial = this.#updatableTrial(trialId, `move it to ${state}`);
    if (state === 'RUNNING' && trial.state !== 'WAITING') return false;
    const now = new Date();
    this.#replace(trialId, {
      ...trial,
      state,
      values: values ? [...values] : trial.values,
      datetimeStart: state === 'RUNNING' ? now : trial.datetimeStart,
      datetimeComplete: finishedStates.includes(state) ? now : trial.datetimeComplete,
    });
    return true;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    const trial = this.#updatableTrial(trialId, 'report an intermediate value');
    const intermediateValues = new Map(trial.intermediateValues);
    intermediateValues.set(step, value);
    this.#replace(trialId, { ...trial, intermediateValues });
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    const trial = this.#updatableTrial(trialId, 'set a user attribute');
    this.#replace(trialId, {
      ...trial,
      userAttrs: { ...trial.userAttrs, [key]: cloneJson(value) },
    });
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    const trial = this.#updatableTrial(trialId, 'set a system attribute');
    this.#replace(trialId, {
      ...trial,
      systemAttrs: { ...trial.systemAttrs, [key]: cloneJson(value) },
    });
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return this.#trial(trialId);
  }

  async getAllTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    const trials = this.#record(studyId).trials;
    return states === undefined
      ? [...trials]
      : trials.filter((trial) => states.includes(trial.state));
  }

  #record(studyId: number): StudyRecord {
    const record = this.#studies.get(studyId);
    if (record === undefined) throw new StudyNotFoundError({ study: studyId });
    return record;
  }

  #location(trialId: number): [number, number] {
    const location = this.#trialLocations.get(trialId);
    if (location === undefined) throw new TrialNotFoundError({ trialId });
    return location;
  }

  #trial(trialId: number): FrozenTrial {
    const [studyId, index] = this.#location(trialId);
    return this.#record(studyId).trials[index] as FrozenTrial;
  }

  #updatableTrial(trialId: number, operation: string): FrozenTrial {
    const trial = this.#trial(trialId);
    if (finishedStates.includes(trial.state)) {
      throw new TrialFinishedError({ trialId, state: trial.state, operation });
    }
    return trial;
  }

  #replace(trialId: number, trial: FrozenTrial): void {
    const [studyId, index] = this.#location(trialId);
    this.#record(studyId).trials[index] = trial;
  }

  #checkParamDistribution(record: StudyRecord, name: string, distribution: Distribution): void {
    const previous = record.paramDistributions.get(name);
    if (previous === undefined) record.paramDistributions.set(name, distribution);
    else assertCompatible(name, previous, distribution);
  }
}
