import { MlflowApiError } from '@dagnostics/tracking';
import { describe, expect, it } from 'vitest';
import { RegistryPermissionError } from '../errors';
import { callRegistry, isAliasNotFound, isAlreadyExists } from './call-registry';

function apiError(status: number, errorCode: string, message: string): MlflowApiError {
  return new MlflowApiError({
    status,
    errorCode,
    message,
    method: 'POST',
    path: '/api/2.0/mlflow/model-versions/create',
    responseSnippet: message,
    isRetryable: false,
  });
}

describe('callRegistry', () => {
  it('turns a 403 into RegistryPermissionError naming the operation and model', async () => {
    const denied = apiError(403, 'PERMISSION_DENIED', 'Permission denied');
    const error = await callRegistry('createModelVersion', 'classifier', () =>
      Promise.reject(denied),
    ).catch((caught: unknown) => caught);
    expect(RegistryPermissionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      operation: 'createModelVersion',
      model: 'classifier',
      cause: denied,
    });
  });

  it('passes other errors and results through', async () => {
    const missing = apiError(
      404,
      'RESOURCE_DOES_NOT_EXIST',
      'Registered Model with name=x not found',
    );
    await expect(
      callRegistry('getRegisteredModel', 'x', () => Promise.reject(missing)),
    ).rejects.toBe(missing);
    expect(await callRegistry('getRegisteredModel', 'x', async () => 7)).toBe(7);
  });
});

describe('MLflow answers', () => {
  it('recognises a missing alias by its 400 message, and only that', () => {
    expect(
      isAliasNotFound(
        apiError(400, 'INVALID_PARAMETER_VALUE', 'Registered model alias champion not found.'),
      ),
    ).toBe(true);
    expect(isAliasNotFound(apiError(400, 'INVALID_PARAMETER_VALUE', 'Invalid alias name'))).toBe(
      false,
    );
    expect(
      isAliasNotFound(
        apiError(404, 'RESOURCE_DOES_NOT_EXIST', 'Registered Model with name=m not found'),
      ),
    ).toBe(false);
    expect(isAliasNotFound(new Error('alias x not found'))).toBe(false);
  });

  it('recognises a taken name', () => {
    expect(isAlreadyExists(apiError(400, 'RESOURCE_ALREADY_EXISTS', 'exists'))).toBe(true);
    expect(isAlreadyExists(apiError(400, 'INVALID_PARAMETER_VALUE', 'bad'))).toBe(false);
  });
});
