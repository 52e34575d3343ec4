/**
 * Types generated from `openapi/mlflow-rest.yaml` (MLflow 3 tracking REST API) and the list
 * of its operations. Regenerate both with `pnpm generate`.
 */
export type { components, operations, paths } from './mlflow-rest';
export {
  type MlflowOperation,
  type MlflowOperationId,
  mlflowOperations,
  type RetryPolicy,
} from './operations';
