import { DagnosticsError } from '@dagnostics/core';

/** A registered-model name, alias or tag key that MLflow would refuse; nothing was sent. */
export class InvalidRegistryNameError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsInvalidRegistryNameError';

  /** What was checked: `'model name'`, `'alias'`, `'tag key'`. */
  readonly kind: string;
  readonly value: string;
  /** MLflow's rule, in words. */
  readonly rule: string;

  constructor(options: { kind: string; value: string; rule: string }) {
    super({
      message: `Invalid ${options.kind} ${JSON.stringify(options.value)}: ${options.rule}`,
      code: 'INVALID_REGISTRY_NAME',
    });
    this.kind = options.kind;
    this.value = options.value;
    this.rule = options.rule;
  }
}

/** The server refused the user (403 PERMISSION_DENIED on the basic-auth app); nothing changed. */
export class RegistryPermissionError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsRegistryPermissionError';

  /** The operation refused, e.g. `createModelVersion`. */
  readonly operation: string;
  /** The registered model concerned, when there is one. */
  readonly model: string | undefined;

  constructor(options: { operation: string; model?: string; cause?: unknown }) {
    super({
      message: `The MLflow server refused ${options.operation}${options.model === undefined ? '' : ` on ${JSON.stringify(options.model)}`}: this user lacks the permission. Ask an admin for MANAGE or EDIT on the model (MLflow basic-auth permissions).`,
      code: 'REGISTRY_PERMISSION_DENIED',
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.operation = options.operation;
    this.model = options.model;
  }
}

/** A model version that did not become READY (FAILED_REGISTRATION, or still pending at the timeout). */
export class ModelVersionNotReadyError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsModelVersionNotReadyError';

  readonly model: string;
  readonly version: string;
  readonly status: string;

  constructor(options: { model: string; version: string; status: string; message: string }) {
    super({
      message: options.message,
      code: 'MODEL_VERSION_NOT_READY',
      isRetryable: options.status === 'PENDING_REGISTRATION',
    });
    this.model = options.model;
    this.version = options.version;
    this.status = options.status;
  }
}

/**
 * A governance rule refused the action, and the refusal is in the audit log: an approval by
 * someone outside the required roles, a second approval by the same person, or an alias
 * move to a version that is not approved.
 */
export class GovernanceError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsGovernanceError';

  /** Machine-readable reason, e.g. `NOT_APPROVED`, `ROLE_NOT_ALLOWED`, `DUPLICATE_APPROVAL`. */
  readonly reason: string;

  constructor(options: { reason: string; message: string }) {
    super({ message: options.message, code: 'GOVERNANCE_REFUSED' });
    this.reason = options.reason;
  }
}
