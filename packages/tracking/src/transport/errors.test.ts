import { ConfigError, DagnosticsError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { MlflowApiError, MlflowNetworkError, MlflowTimeoutError } from './errors';
import { classifyNetworkFailure, createNetworkError } from './network-error';
import { createRedactor, redactUrl } from './redact';
import {
  type ApiErrorContext,
  createApiError,
  parseErrorBody,
  readErrorAnswer,
} from './response-error';

const password = 'pa55-Word!';
const token = 'tok_3f9a8b7c6d5e';
const basic = Buffer.from(`alice:${password}`).toString('base64');
const redact = createRedactor([password, token, `Basic ${basic}`, basic]);

function context(overrides: Partial<ApiErrorContext> = {}): ApiErrorContext {
  return {
    method: 'GET',
    path: '/api/2.0/mlflow/runs/get',
    attempt: 1,
    maxAttempts: 8,
    next: 'final',
    authentication: 'basic',
    username: 'alice',
    redact,
    ...overrides,
  };
}

function answer(status: number, bodyText: string, contentType: string | null = null) {
  return readErrorAnswer(status, bodyText, contentType, redact);
}

describe('error classes', () => {
  const instances = {
    api: new MlflowApiError({
      message: 'm',
      errorCode: 'INTERNAL_ERROR',
      status: 500,
      method: 'GET',
      path: '/',
      responseSnippet: '',
      isRetryable: true,
    }),
    network: new MlflowNetworkError({
      message: 'm',
      reason: 'connection-reset',
      requestSent: true,
      method: 'GET',
      path: '/',
      isRetryable: true,
    }),
    timeout: new MlflowTimeoutError({
      message: 'm',
      requestSent: true,
      method: 'GET',
      path: '/',
      isRetryable: true,
      timeoutMs: 10,
    }),
    config: new ConfigError({ message: 'm', option: 'o', source: 'option' }),
  };

  it('have stable names and codes', () => {
    expect(instances.api.name).toBe('DagnosticsMlflowApiError');
    expect(instances.network.name).toBe('DagnosticsMlflowNetworkError');
    expect(instances.timeout.name).toBe('DagnosticsMlflowTimeoutError');
    expect([instances.api.code, instances.network.code, instances.timeout.code]).toEqual([
      'MLFLOW_API',
      'MLFLOW_NETWORK',
      'MLFLOW_TIMEOUT',
    ]);
    expect(instances.timeout.reason).toBe('timeout');
  });

  it('recognise their own instances and subclasses, and reject siblings', () => {
    expect(MlflowApiError.isInstance(instances.api)).toBe(true);
    expect(MlflowApiError.isInstance(instances.network)).toBe(false);
    expect(MlflowApiError.isInstance(instances.config)).toBe(false);
    expect(MlflowNetworkError.isInstance(instances.network)).toBe(true);
    expect(MlflowNetworkError.isInstance(instances.timeout)).toBe(true);
    expect(MlflowNetworkError.isInstance(instances.api)).toBe(false);
    expect(MlflowTimeoutError.isInstance(instances.timeout)).toBe(true);
    expect(MlflowTimeoutError.isInstance(instances.network)).toBe(false);
    expect(ConfigError.isInstance(instances.api)).toBe(false);
    for (const instance of Object.values(instances)) {
      expect(DagnosticsError.isInstance(instance)).toBe(true);
    }
  });
});

describe('parseErrorBody', () => {
  it("reads MLflow's JSON error", () => {
    const body = parseErrorBody(
      '{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run with id=abc not found"}',
      'application/json',
      redact,
    );
    expect(body).toEqual({
      format: 'json',
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      detail: 'Run with id=abc not found',
      snippet: '{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run with id=abc not found"}',
    });
  });

  it('maps an HTTP status given as error_code back to its name, as MLflow does', () => {
    expect(parseErrorBody('{"error_code": 404, "message": "x"}', null, redact).errorCode).toBe(
      'ENDPOINT_NOT_FOUND',
    );
    expect(parseErrorBody('{"error_code": "429"}', null, redact).errorCode).toBe(
      'RESOURCE_EXHAUSTED',
    );
  });

  it("reads the basic-auth app's plain text, though it is labelled text/html", () => {
    const text =
      'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.';
    const body = parseErrorBody(text, 'text/html; charset=utf-8', redact);
    expect(body.format).toBe('text');
    expect(body.errorCode).toBeUndefined();
    expect(body.snippet).toBe(text);
  });

  it("summarises a proxy's HTML page by its title", () => {
    const html =
      '<html>\r\n<head><title>502 Bad Gateway</title><style>body { color: red }</style></head>\r\n' +
      '<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>';
    const body = parseErrorBody(html, 'text/html', redact);
    expect(body).toEqual({
      format: 'html',
      errorCode: undefined,
      detail: '502 Bad Gateway',
      snippet: '502 Bad Gateway 502 Bad Gateway nginx/1.25.3',
    });
  });

  it('keeps the snippet within 500 characters', () => {
    const body = parseErrorBody('x'.repeat(10_000), 'text/plain', redact);
    expect(body.snippet.length).toBeLessThanOrEqual(500);
  });

  it('removes secrets the server echoes before cutting the snippet', () => {
    const echo = `${'.'.repeat(495)} Authorization: Basic ${basic} password=${password}&token=${token}`;
    const body = parseErrorBody(echo, 'text/plain', redact);
    for (const secret of [password, token, basic, basic.slice(0, 5)]) {
      expect(body.snippet).not.toContain(secret);
    }
  });
});

describe('createApiError', () => {
  it('derives the error code from the status when the body is not MLflow JSON', () => {
    const error = createApiError(answer(401, 'You are not authenticated.', 'text/html'), context());
    expect(error.errorCode).toBe('UNAUTHENTICATED');
    expect(error.status).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD');
    expect(error.message).toContain('MLFLOW_TRACKING_TOKEN');
  });

  it('says when no credentials were sent', () => {
    const error = createApiError(
      answer(401, 'You are not authenticated.'),
      context({ authentication: 'none', username: undefined }),
    );
    expect(error.message).toContain('No credentials were sent');
  });

  it('tells a 403 to ask for permission on the experiment or model', () => {
    const onRun = createApiError(answer(403, 'Permission denied'), context());
    expect(onRun.errorCode).toBe('PERMISSION_DENIED');
    expect(onRun.message).toContain('User "alice"');
    expect(onRun.message).toContain('permission on the experiment');
    const onModel = createApiError(
      answer(403, 'Permission denied'),
      context({ path: '/api/2.0/mlflow/registered-models/get' }),
    );
    expect(onModel.message).toContain('permission on the registered model');
  });

  it('names the missing resource for RESOURCE_DOES_NOT_EXIST', () => {
    const error = createApiError(
      answer(404, '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run with id=abc not found"}'),
      context(),
    );
    expect(error.message).toContain('Run with id=abc not found');
    expect(error.message).toContain('The run does not exist');
    const experiment = createApiError(
      answer(404, '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Could not find experiment"}'),
      context({ path: '/api/2.0/mlflow/experiments/get-by-name' }),
    );
    expect(experiment.message).toContain('The experiment does not exist');
  });

  it('points at the tracking URI for an endpoint the server lacks', () => {
    const error = createApiError(answer(404, '<h1>Not Found</h1>', 'text/html'), context());
    expect(error.errorCode).toBe('ENDPOINT_NOT_FOUND');
    expect(error.message).toContain('MLFLOW_TRACKING_URI');
  });

  it('calls 5xx server trouble and says whether the request is retried', () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body>x</body></html>';
    const retried = createApiError(answer(502, html, 'text/html'), context({ next: 'retry' }));
    expect(retried.errorCode).toBe('INTERNAL_ERROR');
    expect(retried.isRetryable).toBe(true);
    expect(retried.message).toContain('502 Bad Gateway');
    expect(retried.message).toContain('in trouble');
    expect(retried.message).toContain('Retrying');
    const exhausted = createApiError(
      answer(503, '{"error_code":"TEMPORARILY_UNAVAILABLE","message":"busy"}'),
      context({ next: 'exhausted', attempt: 8 }),
    );
    expect(exhausted.message).toContain('Gave up after 8 attempt(s)');
    const unsafe = createApiError(
      answer(500, ''),
      context({ next: 'unsafe', method: 'POST', path: '/api/2.0/mlflow/runs/create' }),
    );
    expect(unsafe.isRetryable).toBe(true);
    expect(unsafe.message).toContain('POST /api/2.0/mlflow/runs/create is not safe to repeat');
  });

  it('does not call a 5xx retryable when MLflow says the failure is permanent', () => {
    const error = createApiError(
      answer(
        500,
        '{"error_code":"FEATURE_DISABLED","message":"Workspace APIs are not available: workspaces are not enabled on this server."}',
      ),
      context(),
    );
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('--enable-workspaces');
    expect(answer(500, '{"error_code":"INTERNAL_ERROR"}').isRetryable).toBe(true);
  });

  it('keeps secrets out of the message, the snippet and toJSON', () => {
    const error = createApiError(
      answer(
        400,
        JSON.stringify({
          error_code: 'INVALID_PARAMETER_VALUE',
          message: `Bad header Bearer ${token}; user alice:${password}@host; ${basic}`,
        }),
      ),
      context({ path: `/api/2.0/mlflow/runs/${password}` }),
    );
    const serialised = [error.message, error.responseSnippet, error.path, JSON.stringify(error)];
    for (const text of serialised) {
      for (const secret of [password, token, basic, encodeURIComponent(password)]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('network errors', () => {
  function undiciFailure(code: string, message = code): TypeError {
    return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
  }
  const networkContext = {
    method: 'POST',
    path: '/api/2.0/mlflow/runs/create',
    attempt: 1,
    maxAttempts: 8,
    next: 'final' as const,
    origin: 'https://mlflow.example.com',
    timeoutMs: 120_000,
    redact,
  };
  const not = { timedOut: false, connectFailed: false };

  it('knows a refused connection never carried the request', () => {
    const failure = classifyNetworkFailure(undiciFailure('ECONNREFUSED'), not);
    expect(failure).toMatchObject({
      reason: 'connection-refused',
      requestSent: false,
      isRetryable: true,
    });
    const error = createNetworkError(failure, networkContext);
    expect(error.message).toContain('connection refused');
    expect(error.message).toContain('MLFLOW_TRACKING_URI');
  });

  it('treats a reset after connecting as possibly received', () => {
    expect(
      classifyNetworkFailure(undiciFailure('UND_ERR_SOCKET', 'other side closed'), not),
    ).toMatchObject({ reason: 'connection-reset', requestSent: true, isRetryable: true });
  });

  it('trusts the connector: a failure while connecting was never sent, whatever the code', () => {
    const failure = classifyNetworkFailure(undiciFailure('ECONNRESET'), {
      timedOut: false,
      connectFailed: true,
    });
    expect(failure).toMatchObject({ reason: 'connection-reset', requestSent: false });
  });

  it('does not retry an unknown host or an untrusted certificate', () => {
    expect(classifyNetworkFailure(undiciFailure('ENOTFOUND'), not)).toMatchObject({
      reason: 'dns',
      isRetryable: false,
      requestSent: false,
    });
    expect(classifyNetworkFailure(undiciFailure('EAI_AGAIN'), not).isRetryable).toBe(true);
    const tls = classifyNetworkFailure(
      undiciFailure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      not,
    );
    expect(tls).toMatchObject({ reason: 'tls', isRetryable: false, requestSent: false });
    expect(createNetworkError(tls, networkContext).message).toContain(
      'MLFLOW_TRACKING_INSECURE_TLS',
    );
  });

  it('finds the code in an AggregateError (several addresses tried)', () => {
    const aggregate = new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]);
    expect(
      classifyNetworkFailure(new TypeError('fetch failed', { cause: aggregate }), not).reason,
    ).toBe('connection-refused');
  });

  it('turns the per-attempt timer into an MlflowTimeoutError naming the variable', () => {
    const failure = classifyNetworkFailure(new DOMException('aborted', 'AbortError'), {
      timedOut: true,
      connectFailed: false,
    });
    const error = createNetworkError(failure, { ...networkContext, timeoutMs: 1_500 });
    expect(MlflowTimeoutError.isInstance(error)).toBe(true);
    expect(error.requestSent).toBe(true);
    expect(error.message).toContain('within 1.5 s');
    expect(error.message).toContain('MLFLOW_HTTP_REQUEST_TIMEOUT');
  });

  it('says an unsafe request with an unknown outcome was not repeated', () => {
    const error = createNetworkError(classifyNetworkFailure(undiciFailure('ECONNRESET'), not), {
      ...networkContext,
      next: 'unsafe',
    });
    expect(error.isRetryable).toBe(true);
    expect(error.requestSent).toBe(true);
    expect(error.message).toContain('not safe to repeat');
    expect(error.message).toContain('outcome is unknown');
  });

  it('keeps secrets out of the message and toJSON, even from the cause', () => {
    const failed = undiciFailure(
      'ERR_WEIRD',
      `failed for https://alice:${password}@host?token=${token}`,
    );
    const error = createNetworkError(classifyNetworkFailure(failed, not), networkContext);
    expect(error.reason).toBe('other');
    expect(error.message).toContain('<redacted>');
    const cause = error.cause as Error & { code?: string };
    expect(cause.code).toBe('ERR_WEIRD');
    for (const text of [error.message, JSON.stringify(error), cause.message, cause.stack ?? '']) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(token);
    }
  });
});

describe('redaction', () => {
  it('removes known secrets, credential-shaped values and URL user info', () => {
    const redactKnown = createRedactor(['s3cr3t/+']);
    expect(redactKnown('a s3cr3t/+ b s3cr3t%2F%2B c')).toBe('a <redacted> b <redacted> c');
    expect(redactKnown('Authorization: Bearer abc.def-ghi')).toBe(
      'Authorization: Bearer <redacted>',
    );
    expect(redactKnown('WWW-Authenticate: Basic realm="mlflow"')).toBe(
      'WWW-Authenticate: Basic realm="mlflow"',
    );
    expect(redactKnown('see https://bob:pw@host/x?a=1&password=pw2')).toBe(
      'see https://<redacted>@host/x?a=1&password=<redacted>',
    );
  });

  it('redacts URL-ish text even when it is not a valid URL', () => {
    expect(redactUrl('bob:pw@mlflow:5000')).toBe('<redacted>@mlflow:5000');
    expect(redactUrl('http://mlflow:5000/x')).toBe('http://mlflow:5000/x');
  });
});
