/**
 * A `Storage` over an append-only journal shared by processes (Optuna's `JournalStorage`).
 * Every write appends one operation and then replays the log, so a write takes effect only
 * in log order: two workers claiming the same WAITING trial both write, and the replay
 * tells each whether its claim came first.
 */
import { randomUUID } from 'node:crypto';
import { distributionToJson } from '../../distributions';
import { StudyNotFoundError, TrialFinishedError, TrialNotFoundError } from '../../errors';
import type { Distribution, FrozenTrial, JsonValue, StudyDirection, TrialState } from '../../types';
import type { Storage, StoredStudy, TrialTemplate } from '../storage';
import type { JournalBackend } from './journal-backend';
import {
  directionToCode,
  formatJournalDatetime,
  isFinishedState,
  type JournalLog,
  JournalOperation,
  parseJournalDatetime,
  trialStateToCode,
} from './journal-log';
import { JournalReplay } from './journal-replay';

/** The trial system attribute holding a RUNNING trial's last heartbeat (an ISO datetime). */
export const heartbeatSystemAttrKey = 'dagnostics:heartbeat';
/** The trial system attribute saying why a trial was failed (Optuna's name). */
export const failReasonSystemAttrKey = 'fail_reason';

/** A journal storage: every `Storage` method, heartbeats included, and `close`. */
export interface JournalStorage extends Storage {
  /** Stores now as the trial's heartbeat (system attribute {@link heartbeatSystemAttrKey}). */
  recordHeartbeat(trialId: number): Promise<void>;
  /**
   * Marks FAIL every RUNNING trial of the study whose last heartbeat is older than
   * `gracePeriodMs`, with a `fail_reason` system attribute; returns the ids this call failed
   * (a trial another process failed first is left out). Trials that never sent a heartbeat
   * are left alone.
   */
  failStaleTrials(studyId: number, gracePeriodMs: number): Promise<number[]>;
  /** Releases the backend's files or connections. */
  close(): Promise<void>;
}

/** Settings of {@link createJournalStorage}. */
export interface JournalStorageOptions {
  /**
   * This writer's id in the log (`worker_id`). Default: a random UUID plus `-` and the
   * process id, unique per storage object as Optuna's is unique per thread.
   */
  readonly workerId?: string;
  /** Receives warnings (unreadable operations skipped). Default: `process.emitWarning`. */
  readonly onWarning?: (message: string) => void;
}

function defaultWarning(message: string): void {
  process.emitWarning(message, { type: 'DagnosticsTuneWarning' });
}

class JournalStorageImpl implements JournalStorage {
  private readonly replay: JournalReplay;
  private offset = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly backend: JournalBackend,
    options: JournalStorageOptions,
  ) {
    this.replay = new JournalReplay(
      options.workerId ?? `${randomUUID()}-${process.pid}`,
      options.onWarning ?? defaultWarning,
    );
  }

  // One operation at a time per storage object, as Optuna holds a thread lock: the replay
  // tells own operations apart by worker id, so two of ours must not interleave.
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async sync(): Promise<void> {
    const { logs, nextOffset } = await this.backend.readFrom(this.offset);
    for (const log of logs) this.replay.apply(log);
    this.offset = nextOffset;
  }

  private async write(opCode: number, fields: Record<string, unknown>): Promise<void> {
    this.replay.beginOwnOperation();
    const log: JournalLog = { op_code: opCode, worker_id: this.replay.workerId, ...fields };
    await this.backend.append([log]);
    await this.sync();
    const [error] = this.replay.ownErrors;
    if (error !== undefined) throw error;
  }

  private async requireStudy(studyId: number): Promise<StoredStudy> {
    let study = this.replay.getStudy(studyId);
    if (study === undefined) {
      await this.sync();
      study = this.replay.getStudy(studyId);
    }
    if (study === undefined) throw new StudyNotFoundError({ study: studyId });
    return study;
  }

  // States only move forward, so a trial already finished here is finished for good; one
  // not yet known may have been created by another process since the last read.
  private async requireUpdatableTrial(trialId: number, operation: string): Promise<FrozenTrial> {
    let trial = this.replay.getTrial(trialId);
    if (trial === undefined) {
      await this.sync();
      trial = this.replay.getTrial(trialId);
    }
    if (trial === undefined) throw new TrialNotFoundError({ trialId });
    if (isFinishedState(trial.state)) {
      throw new TrialFinishedError({ trialId, state: trial.state, operation });
    }
    return trial;
  }

  createStudy(directions: readonly StudyDirection[], studyName: string): Promise<number> {
    return this.exclusive(async () => {
      await this.write(JournalOperation.createStudy, {
        study_name: studyName,
        directions: directions.map(directionToCode),
      });
      return this.replay.findStudyId(studyName) as number;
    });
  }

  deleteStudy(studyId: number): Promise<void> {
    return this.exclusive(async () => {
      await this.requireStudy(studyId);
      await this.write(JournalOperation.deleteStudy, { study_id: studyId });
    });
  }

  getStudyIdFromName(studyName: string): Promise<number> {
    return this.exclusive(async () => {
      await this.sync();
      const studyId = this.replay.findStudyId(studyName);
      if (studyId === undefined) throw new StudyNotFoundError({ study: studyName });
      return studyId;
    });
  }

  getStudy(studyId: number): Promise<StoredStudy> {
    return this.exclusive(async () => {
      await this.sync();
      return this.requireStudy(studyId);
    });
  }

  getAllStudies(): Promise<StoredStudy[]> {
    return this.exclusive(async () => {
      await this.sync();
      return this.replay.getAllStudies();
    });
  }

  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    return this.exclusive(async () => {
      await this.requireStudy(studyId);
      await this.write(JournalOperation.setStudyUserAttr, {
        study_id: studyId,
        user_attr: { [key]: value },
      });
    });
  }

  setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    return this.exclusive(async () => {
      await this.requireStudy(studyId);
      await this.write(JournalOperation.setStudySystemAttr, {
        study_id: studyId,
        system_attr: { [key]: value },
      });
    });
  }

  createTrial(studyId: number, template?: TrialTemplate): Promise<number> {
    return this.exclusive(async () => {
      await this.requireStudy(studyId);
      await this.write(JournalOperation.createTrial, {
        study_id: studyId,
        ...templateFields(template, new Date()),
      });
      return this.replay.lastCreatedTrialId as number;
    });
  }

  setTrialParam(
    trialId: number,
    name: string,
    internalValue: number,
    distribution: Distribution,
  ): Promise<void> {
    return this.exclusive(async () => {
      await this.requireUpdatableTrial(trialId, `set parameter ${JSON.stringify(name)}`);
      await this.write(JournalOperation.setTrialParam, {
        trial_id: trialId,
        param_name: name,
        param_value_internal: internalValue,
        distribution: distributionToJson(distribution),
      });
    });
  }

  setTrialStateValues(
    trialId: number,
    state: TrialState,
    values?: readonly number[] | null,
  ): Promise<boolean> {
    return this.exclusive(() => this.setTrialStateValuesNow(trialId, state, values ?? null));
  }

  private async setTrialStateValuesNow(
    trialId: number,
    state: TrialState,
    values: readonly number[] | null,
  ): Promise<boolean> {
    const operation = `set its state to ${state}`;
    if (state === 'RUNNING') {
      await this.sync();
      const trial = await this.requireUpdatableTrial(trialId, operation);
      if (trial.state !== 'WAITING') return false;
    } else {
      await this.requireUpdatableTrial(trialId, operation);
    }
    const now = formatJournalDatetime(new Date());
    await this.write(JournalOperation.setTrialStateValues, {
      trial_id: trialId,
      state: trialStateToCode(state),
      values,
      ...(state === 'RUNNING' && { datetime_start: now }),
      ...(isFinishedState(state) && { datetime_complete: now }),
    });
    return state !== 'RUNNING' || this.replay.lastClaimedTrialId === trialId;
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    return this.exclusive(async () => {
      await this.requireUpdatableTrial(trialId, `report step ${step}`);
      await this.write(JournalOperation.setTrialIntermediateValue, {
        trial_id: trialId,
        step,
        intermediate_value: value,
      });
    });
  }

  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    return this.exclusive(async () => {
      await this.requireUpdatableTrial(trialId, `set attribute ${JSON.stringify(key)}`);
      await this.write(JournalOperation.setTrialUserAttr, {
        trial_id: trialId,
        user_attr: { [key]: value },
      });
    });
  }

  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    return this.exclusive(() => this.setTrialSystemAttrNow(trialId, key, value));
  }

  private async setTrialSystemAttrNow(
    trialId: number,
    key: string,
    value: JsonValue,
  ): Promise<void> {
    await this.requireUpdatableTrial(trialId, `set attribute ${JSON.stringify(key)}`);
    await this.write(JournalOperation.setTrialSystemAttr, {
      trial_id: trialId,
      system_attr: { [key]: value },
    });
  }

  getTrial(trialId: number): Promise<FrozenTrial> {
    return this.exclusive(async () => {
      await this.sync();
      const trial = this.replay.getTrial(trialId);
      if (trial === undefined) throw new TrialNotFoundError({ trialId });
      return trial;
    });
  }

  getAllTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.exclusive(async () => {
      await this.sync();
      await this.requireStudy(studyId);
      return this.replay.getTrials(studyId, states);
    });
  }

  recordHeartbeat(trialId: number): Promise<void> {
    return this.exclusive(() =>
      this.setTrialSystemAttrNow(
        trialId,
        heartbeatSystemAttrKey,
        formatJournalDatetime(new Date()),
      ),
    );
  }

  failStaleTrials(studyId: number, gracePeriodMs: number): Promise<number[]> {
    return this.exclusive(async () => {
      await this.sync();
      await this.requireStudy(studyId);
      const now = Date.now();
      const failed: number[] = [];
      for (const trial of this.replay.getTrials(studyId, ['RUNNING'])) {
        const heartbeat = parseJournalDatetime(trial.systemAttrs[heartbeatSystemAttrKey]);
        if (heartbeat === undefined || now - heartbeat.getTime() <= gracePeriodMs) continue;
        try {
          await this.setTrialSystemAttrNow(
            trial.trialId,
            failReasonSystemAttrKey,
            `Trial ${trial.number} failed because its worker sent no heartbeat for ${gracePeriodMs} ms (last at ${heartbeat.toISOString()}).`,
          );
          await this.setTrialStateValuesNow(trial.trialId, 'FAIL', null);
          failed.push(trial.trialId);
        } catch (error) {
          // Another process failed (or finished) the trial first.
          if (!TrialFinishedError.isInstance(error)) throw error;
        }
      }
      return failed;
    });
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      await this.backend.close?.();
    });
  }
}

function templateFields(template: TrialTemplate | undefined, now: Date): Record<string, unknown> {
  if (template === undefined) return { datetime_start: formatJournalDatetime(now) };
  const values = template.values ?? null;
  const start =
    template.datetimeStart === undefined
      ? template.state === 'RUNNING'
        ? now
        : null
      : template.datetimeStart;
  const distributions = template.distributions ?? {};
  return {
    state: trialStateToCode(template.state),
    ...(values !== null && values.length > 1
      ? { value: null, values }
      : { value: values?.[0] ?? null, values: null }),
    datetime_start: start === null ? null : formatJournalDatetime(start),
    ...(template.datetimeComplete && {
      datetime_complete: formatJournalDatetime(template.datetimeComplete),
    }),
    distributions: Object.fromEntries(
      Object.entries(distributions).map(([name, distribution]) => [
        name,
        distributionToJson(distribution),
      ]),
    ),
    params: { ...(template.params ?? {}) },
    user_attrs: { ...(template.userAttrs ?? {}) },
    system_attrs: { ...(template.systemAttrs ?? {}) },
    intermediate_values: Object.fromEntries(
      [...(template.intermediateValues ?? new Map<number, number>())].map(([step, value]) => [
        String(step),
        value,
      ]),
    ),
  };
}

/**
 * A storage that keeps studies in `backend`'s journal, readable by Python Optuna's
 * `JournalStorage` over the same file or Redis keys.
 */
export function createJournalStorage(
  backend: JournalBackend,
  options: JournalStorageOptions = {},
): JournalStorage {
  return new JournalStorageImpl(backend, options);
}
