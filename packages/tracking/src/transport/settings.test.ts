import { ConfigError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { trackingSettings } from './settings';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('trackingSettings', () => {
  it("has MLflow's defaults and no server when nothing is set", () => {
    expect(trackingSettings.resolve({}, { env: {} })).toEqual({
      insecureTls: false,
      timeoutMs: 120_000,
      maxRetries: 7,
      backoffFactorMs: 2_000,
      backoffJitterMs: 1_000,
      respectRetryAfter: true,
      maxConnections: 10,
      keepAliveTimeoutMs: 4_000,
      headers: {},
    });
  });

  it("reads MLflow's environment variables, seconds converted to ms", () => {
    const env = {
      MLFLOW_TRACKING_URI: 'https://mlflow.example.com/prefix',
      MLFLOW_TRACKING_USERNAME: 'alice',
      MLFLOW_TRACKING_PASSWORD: 'pa55word',
      MLFLOW_TRACKING_TOKEN: 'token-123',
      MLFLOW_TRACKING_INSECURE_TLS: 'TRUE',
      MLFLOW_HTTP_REQUEST_TIMEOUT: '30',
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '3',
      MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.5',
      MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0.25',
      MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER: '0',
      MLFLOW_HTTP_POOL_MAXSIZE: '4',
      MLFLOW_WORKSPACE: 'team-a',
    };
    expect(trackingSettings.resolve({}, { env })).toEqual({
      trackingUri: 'https://mlflow.example.com/prefix',
      username: 'alice',
      password: 'pa55word',
      token: 'token-123',
      insecureTls: true,
      timeoutMs: 30_000,
      maxRetries: 3,
      backoffFactorMs: 500,
      backoffJitterMs: 250,
      respectRetryAfter: false,
      maxConnections: 4,
      keepAliveTimeoutMs: 4_000,
      workspace: 'team-a',
      headers: {},
    });
  });

  it('prefers options over the environment', () => {
    const settings = trackingSettings.resolve(
      { maxRetries: 1, trackingUri: 'http://127.0.0.1:5000' },
      { env: { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '9', MLFLOW_TRACKING_URI: 'http://other:1' } },
    );
    expect(settings.maxRetries).toBe(1);
    expect(settings.trackingUri).toBe('http://127.0.0.1:5000');
  });

  it.each(['yes', 'on', 'no', 'enabled'])(
    'rejects MLFLOW_TRACKING_INSECURE_TLS=%s as MLflow does',
    (value) => {
      const error = configError(() =>
        trackingSettings.resolve({}, { env: { MLFLOW_TRACKING_INSECURE_TLS: value } }),
      );
      expect(error.option).toBe('insecureTls');
      expect(error.envVar).toBe('MLFLOW_TRACKING_INSECURE_TLS');
      expect(error.source).toBe('env');
      expect(error.message).toContain('MLFLOW_TRACKING_INSECURE_TLS');
      expect(error.message).toContain('true, false, 1 or 0');
    },
  );

  it("enforces MLflow's limits on retries and backoff, naming the variable", () => {
    const retries = configError(() =>
      trackingSettings.resolve({}, { env: { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '11' } }),
    );
    expect(retries.option).toBe('maxRetries');
    expect(retries.message).toContain('MLFLOW_HTTP_REQUEST_MAX_RETRIES="11"');
    const backoff = configError(() =>
      trackingSettings.resolve({}, { env: { MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '121' } }),
    );
    expect(backoff.option).toBe('backoffFactorMs');
    expect(backoff.envVar).toBe('MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR');
    expect(
      configError(() => trackingSettings.resolve({ maxRetries: -1 }, { env: {} })).option,
    ).toBe('maxRetries');
    expect(
      configError(() =>
        trackingSettings.resolve({}, { env: { MLFLOW_HTTP_REQUEST_TIMEOUT: 'soon' } }),
      ).option,
    ).toBe('timeoutMs');
  });

  it.each([
    ['sqlite:///mlflow.db', 'not an http(s) URL'],
    ['file:./mlruns', 'not an http(s) URL'],
    ['mlflow.example.com', 'not a URL'],
    ['http://mlflow.example.com/?x=1', 'query'],
  ])('rejects the tracking URI %s', (uri, problem) => {
    const error = configError(() =>
      trackingSettings.resolve({}, { env: { MLFLOW_TRACKING_URI: uri } }),
    );
    expect(error.option).toBe('trackingUri');
    expect(error.envVar).toBe('MLFLOW_TRACKING_URI');
    expect(error.message).toContain(problem);
  });

  it('never prints a password, token or URL credentials in a message or toJSON', () => {
    const secret = 'hunter2-very-secret';
    const cases: Array<[Record<string, string>, string]> = [
      [{ MLFLOW_TRACKING_URI: `sqlite://admin:${secret}@host/db` }, 'trackingUri'],
      [{ MLFLOW_TRACKING_URI: `admin:${secret}@mlflow.example.com` }, 'trackingUri'],
      [{ MLFLOW_TRACKING_TOKEN: `${secret} with spaces` }, 'token'],
    ];
    for (const [env, option] of cases) {
      const error = configError(() => trackingSettings.resolve({}, { env }));
      expect(error.option).toBe(option);
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error.toJSON())).not.toContain(secret);
      expect(error.message).toContain('<redacted>');
    }
    const passed = configError(() =>
      trackingSettings.resolve({ token: `${secret}\n`, password: secret }, { env: {} }),
    );
    expect(passed.option).toBe('token');
    expect(JSON.stringify(passed.toJSON())).not.toContain(secret);
  });

  it('rejects a user name with a colon, which Basic auth cannot carry', () => {
    expect(
      configError(() => trackingSettings.resolve({ username: 'a:b' }, { env: {} })).option,
    ).toBe('username');
  });

  it('rejects unknown settings and header values with line breaks', () => {
    expect(
      configError(() => trackingSettings.resolve({ retries: 3 } as never, { env: {} })).message,
    ).toContain('unknown setting "retries"');
    expect(
      configError(() =>
        trackingSettings.resolve({ headers: { 'x-team': 'a\r\nx-evil: 1' } }, { env: {} }),
      ).option,
    ).toBe('headers');
  });
});
