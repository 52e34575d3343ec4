import { DagnosticsError } from '../errors';

/**
 * A lineage event does not follow the OpenLineage spec (a missing job name, a run ID that
 * is not a UUID, a facet without `_producer`, …). Thrown before anything is sent.
 */
export class LineageEventError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsLineageEventError';

  /** Path of the first bad field, e.g. `inputs[0].facets.version.datasetVersion`. */
  readonly field: string;

  constructor(options: { message: string; field: string; cause?: unknown }) {
    super({ ...options, code: 'LINEAGE_EVENT_INVALID' });
    this.field = options.field;
  }
}

/**
 * A transport could not deliver a lineage event: the server answered with a non-2xx
 * status, the request timed out, or the file could not be written. The message never
 * contains the API key.
 */
export class LineageTransportError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsLineageTransportError';

  /** Which transport failed, e.g. `http` or `file`. */
  readonly transport: string;
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;

  constructor(options: {
    message: string;
    transport: string;
    status?: number;
    isRetryable?: boolean;
    cause?: unknown;
  }) {
    super({ ...options, code: 'LINEAGE_TRANSPORT_FAILED' });
    this.transport = options.transport;
    this.status = options.status;
  }
}
