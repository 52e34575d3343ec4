import { InvalidArgumentError } from '@dagnostics/core';
import { DuplicateStudyError } from '../errors';
import { MedianPruner } from '../pruners/percentile';
import { InMemoryStorage } from '../storage/in-memory-storage';
import type { Storage } from '../storage/storage';
import type { Pruner, Sampler, StudyDirection } from '../types';
import { createDefaultSampler } from './default-sampler';
import { Study } from './study';

/** Settings for {@link createStudy}. */
export interface CreateStudyOptions {
  /** Single-objective direction. Default `'minimize'`. Give this or `directions`, not both. */
  readonly direction?: StudyDirection;
  /** One direction per objective, for multi-objective studies. */
  readonly directions?: readonly StudyDirection[];
  /** Default: `createDefaultSampler({ seed })`. */
  readonly sampler?: Sampler;
  /** Default: `new MedianPruner()`. */
  readonly pruner?: Pruner;
  /** Default: a new `InMemoryStorage`. */
  readonly storage?: Storage;
  /** Default: `no-name-<uuid>`, as Optuna names unnamed studies. */
  readonly studyName?: string;
  /** With an existing `studyName`, load that study instead of rejecting with `DuplicateStudyError`. Default false. */
  readonly loadIfExists?: boolean;
  /** Seeds the default sampler (ignored when `sampler` is given). Default: random. */
  readonly seed?: number;
}

function parseDirections(options: CreateStudyOptions): StudyDirection[] {
  if (options.direction !== undefined && options.directions !== undefined) {
    throw new InvalidArgumentError({
      argument: 'directions',
      message: 'Give direction or directions, not both.',
    });
  }
  const directions = options.directions ?? [options.direction ?? 'minimize'];
  if (directions.length === 0) {
    throw new InvalidArgumentError({
      argument: 'directions',
      message: 'directions must name at least one objective.',
    });
  }
  for (const direction of directions) {
    if (direction !== 'minimize' && direction !== 'maximize') {
      throw new InvalidArgumentError({
        argument: 'directions',
        message: `Each direction must be 'minimize' or 'maximize', got ${JSON.stringify(direction)}.`,
      });
    }
  }
  return [...directions];
}

/**
 * Creates a study (Optuna's `create_study`) in `storage`, or loads the existing one of
 * that name with `loadIfExists`.
 *
 * @example
 * ```ts
 * const study = await createStudy({ direction: 'minimize', seed: 42 });
 * await study.optimize((trial) => (trial.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 50 });
 * console.log(await study.bestParams);
 * ```
 */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const directions = parseDirections(options);
  const storage = options.storage ?? new InMemoryStorage();
  const studyName = options.studyName ?? `no-name-${globalThis.crypto.randomUUID()}`;
  const sampler =
    options.sampler ??
    createDefaultSampler(options.seed === undefined ? {} : { seed: options.seed });
  const pruner = options.pruner ?? new MedianPruner();
  let studyId: number;
  try {
    studyId = await storage.createStudy(directions, studyName);
  } catch (error) {
    if (!(DuplicateStudyError.isInstance(error) && options.loadIfExists === true)) throw error;
    studyId = await storage.getStudyIdFromName(studyName);
    const existing = await storage.getStudy(studyId);
    return new Study({
      storage,
      studyId,
      studyName,
      directions: existing.directions,
      sampler,
      pruner,
    });
  }
  return new Study({ storage, studyId, studyName, directions, sampler, pruner });
}

/** Settings for {@link loadStudy}. */
export interface LoadStudyOptions {
  readonly studyName: string;
  readonly storage: Storage;
  /** Default: `createDefaultSampler({ seed })`. */
  readonly sampler?: Sampler;
  /** Default: `new MedianPruner()`. */
  readonly pruner?: Pruner;
  /** Seeds the default sampler. Default: random. */
  readonly seed?: number;
}

/** Loads an existing study (Optuna's `load_study`); rejects with `StudyNotFoundError` when it is not in `storage`. */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  const studyId = await options.storage.getStudyIdFromName(options.studyName);
  const stored = await options.storage.getStudy(studyId);
  return new Study({
    storage: options.storage,
    studyId,
    studyName: stored.studyName,
    directions: stored.directions,
    sampler:
      options.sampler ??
      createDefaultSampler(options.seed === undefined ? {} : { seed: options.seed }),
    pruner: options.pruner ?? new MedianPruner(),
  });
}
