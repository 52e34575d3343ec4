/**
 * Assertions for openapi-fetch results in the conformance suite, including the one that
 * checks an operation's `x-dagnostics-retry` policy against what a repeated request does.
 */
import { expect } from 'vitest';
import { type MlflowOperationId, mlflowOperations, type RetryPolicy } from '../../src/generated';

/** The shape of every openapi-fetch result. */
export interface FetchResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

/** The data of a 200 answer; fails the test on anything else. */
export function expectOk<Result extends FetchResult>(result: Result): NonNullable<Result['data']> {
  expect(result.error, `unexpected error body ${JSON.stringify(result.error)}`).toBeUndefined();
  expect(result.response.status).toBe(200);
  return result.data as NonNullable<Result['data']>;
}

/** Asserts an MLflow JSON error with this status and `error_code`; returns its message. */
export function expectMlflowError(result: FetchResult, status: number, errorCode: string): string {
  expect(result.response.status).toBe(status);
  expect(result.error).toMatchObject({ error_code: errorCode, message: expect.any(String) });
  return (result.error as { message: string }).message;
}

/** The `x-dagnostics-retry` policy of an operation, as listed in `src/generated/operations.ts`. */
export function retryOf(operationId: MlflowOperationId): { policy: RetryPolicy; reason: string } {
  const operation = mlflowOperations.find((candidate) => candidate.operationId === operationId);
  if (operation === undefined) throw new Error(`${operationId} is not in the spec`);
  return { policy: operation.retry, reason: operation.retryReason };
}

/**
 * Sends the same request twice and asserts what the spec's retry policy promises: the first
 * succeeds; a `safe` or `unsafe` repeat succeeds too (the caller checks what an `unsafe` one
 * duplicated); a `reconcilable` repeat fails with the status and error code its reason names
 * (e.g. "A repeat fails with 404 RESOURCE_DOES_NOT_EXIST; ...").
 */
export async function sendTwice<Result extends FetchResult>(
  operationId: MlflowOperationId,
  send: () => Promise<Result>,
): Promise<[first: Result, repeat: Result]> {
  const first = await send();
  expectOk(first);
  const repeat = await send();
  const { policy, reason } = retryOf(operationId);
  if (policy === 'reconcilable') {
    const named = /(\d{3}) ([A-Z_]+)/.exec(reason);
    expect(named, `the reason of ${operationId} names no status and error code`).not.toBeNull();
    const [, status, errorCode] = named as RegExpExecArray;
    expectMlflowError(repeat, Number(status), errorCode as string);
  } else {
    expectOk(repeat);
  }
  return [first, repeat];
}
