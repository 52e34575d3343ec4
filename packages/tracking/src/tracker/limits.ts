/**
 * MLflow 3's server-side limits (mlflow/utils/validation.py), applied on the client so
 * that a bad value fails before any request and batches are never rejected for size.
 */
export const mlflowLimits = {
  /** Metrics in one log-batch request. */
  metricsPerBatch: 1000,
  /** Params in one log-batch request. */
  paramsPerBatch: 100,
  /** Tags in one log-batch request. */
  tagsPerBatch: 100,
  /** Metrics + params + tags in one log-batch request. */
  entitiesPerBatch: 1000,
  /** Bytes of one log-batch JSON body. */
  batchBytes: 1_000_000,
  /** Characters of a metric, param or tag key. */
  keyLength: 250,
  /** Characters of a param value; longer values are truncated, as MLflow does by default. */
  paramValueLength: 6000,
  /** Characters of a run tag value; longer values are truncated, as MLflow does by default. */
  tagValueLength: 8000,
} as const;
