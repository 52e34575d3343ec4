/**
 * The registry's records as this package returns them: MLflow's registered models and
 * model versions in camelCase, with timestamps as `Date`, tags as records, and absent
 * fields (MLflow omits defaults) filled in.
 */

/** MLflow's `ModelVersionStatus`. */
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

/** A registered model. */
export interface RegisteredModel {
  readonly name: string;
  readonly description: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly tags: Readonly<Record<string, string>>;
  /** Alias name → version number (a string of digits, as MLflow keeps it). */
  readonly aliases: Readonly<Record<string, string>>;
  /** The latest READY version of each (deprecated) stage. */
  readonly latestVersions: readonly ModelVersion[];
}

/** One numbered version of a registered model. */
export interface ModelVersion {
  readonly name: string;
  /** A string of digits: `'1'`, `'2'`, ... */
  readonly version: string;
  readonly description: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Where the model's files are: `models:/<modelId>` for an MLflow 3 logged model, or a run artifact URI. */
  readonly source: string;
  readonly runId: string | undefined;
  /** The MLflow 3 logged model this version registers, when it does. */
  readonly modelId: string | undefined;
  readonly status: ModelVersionStatus;
  readonly statusMessage: string | undefined;
  /** Deprecated stage: `None`, `Staging`, `Production` or `Archived`. */
  readonly stage: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Aliases pointing at this version. */
  readonly aliases: readonly string[];
  readonly userId: string | undefined;
}

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the call (and its retries). */
  readonly signal?: AbortSignal;
}

/** Options of the searches; results come as async iterators, page after page. */
export interface SearchOptions extends CallOptions {
  /** MLflow's filter, e.g. `name LIKE 'airflow-%'` or `tags.team = 'ops'`. */
  readonly filter?: string;
  /** Order-by clauses, e.g. `['last_updated_timestamp DESC']`. */
  readonly orderBy?: readonly string[];
  /** Results per request (MLflow's maximum: 1000 for models). */
  readonly pageSize?: number;
}
