/**
 * Where governance and rollout events are recorded. `createAuditLog` implements it with a
 * hash chain kept in the registry; the rollout controller and `createGovernance` accept any
 * implementation (an in-memory array in tests, a forwarding sink to another system).
 */
export interface AuditSink {
  /**
   * Records one event; resolves once it is stored. `version` is the model version the event
   * concerns, when there is one; `details` must be JSON-serialisable.
   */
  append(entry: {
    actor: string;
    action: string;
    version?: string;
    details?: Record<string, unknown>;
  }): Promise<unknown>;
}
