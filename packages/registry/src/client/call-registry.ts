import { MlflowApiError } from '@dagnostics/tracking';
import { RegistryPermissionError } from '../errors';

/** Whether the server refused the user: 403, or MLflow's `PERMISSION_DENIED` code. */
export function isPermissionDenied(error: unknown): boolean {
  return (
    MlflowApiError.isInstance(error) &&
    (error.errorCode === 'PERMISSION_DENIED' || error.status === 403)
  );
}

/**
 * Runs one registry call and turns the server's refusal of the user into a
 * `RegistryPermissionError` naming the operation and the model; other errors pass through.
 */
export async function callRegistry<T>(
  operation: string,
  model: string | undefined,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new RegistryPermissionError({
        operation,
        ...(model === undefined ? {} : { model }),
        cause: error,
      });
    }
    throw error;
  }
}

/** Whether MLflow answered that the name is taken. */
export function isAlreadyExists(error: unknown): boolean {
  return (
    MlflowApiError.isInstance(error) &&
    (error.errorCode === 'RESOURCE_ALREADY_EXISTS' || error.errorCode === 'ALREADY_EXISTS')
  );
}

/**
 * Whether MLflow answered that an alias is not set: the SQL store says
 * `400 INVALID_PARAMETER_VALUE "Registered model alias <alias> not found."`, not 404
 * (a missing model is `RESOURCE_DOES_NOT_EXIST`, which stays an error).
 */
export function isAliasNotFound(error: unknown): boolean {
  return (
    MlflowApiError.isInstance(error) &&
    error.errorCode === 'INVALID_PARAMETER_VALUE' &&
    /alias .* not found/i.test(`${error.message} ${error.responseSnippet}`)
  );
}
