import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, DagnosticsError } from '../errors';
import { defineSettings } from './define-settings';
import { envParsers } from './env-parsers';

function trackerSettings() {
  return defineSettings({
    owner: 'createTracker',
    schema: () =>
      z.object({
        trackingUri: z.url(),
        timeoutMs: z.number().int().positive().default(120_000),
        password: z.string().min(1).optional(),
        insecureTls: z.boolean().default(false),
      }),
    env: {
      trackingUri: 'MLFLOW_TRACKING_URI',
      timeoutMs: { name: 'MLFLOW_HTTP_REQUEST_TIMEOUT', parse: envParsers.secondsToMs },
      password: { name: 'MLFLOW_TRACKING_PASSWORD', secret: true },
      insecureTls: { name: 'MLFLOW_TRACKING_INSECURE_TLS', parse: envParsers.boolean },
    },
  });
}

function captureConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('defineSettings', () => {
  it('builds nothing until first used', () => {
    let built = 0;
    const settings = defineSettings({
      owner: 'createThing',
      schema: () => {
        built += 1;
        return z.object({ size: z.number().default(1) });
      },
    });
    expect(built).toBe(0);
    expect(settings.resolve({})).toEqual({ size: 1 });
    settings.resolve({ size: 2 });
    expect(built).toBe(1);
  });

  it('fills unset options from their environment variables, read at call time', () => {
    const settings = trackerSettings();
    const env: Record<string, string> = {
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000',
      MLFLOW_HTTP_REQUEST_TIMEOUT: '2.5',
      MLFLOW_TRACKING_INSECURE_TLS: 'yes',
    };
    expect(settings.resolve({}, { env })).toEqual({
      trackingUri: 'http://127.0.0.1:5000',
      timeoutMs: 2500,
      insecureTls: true,
    });
    env.MLFLOW_HTTP_REQUEST_TIMEOUT = '7';
    expect(settings.resolve({}, { env }).timeoutMs).toBe(7000);
  });

  it('prefers an explicit option over the environment', () => {
    const settings = trackerSettings();
    const resolved = settings.resolve(
      { trackingUri: 'http://example.test:1' },
      { env: { MLFLOW_TRACKING_URI: 'http://other.test:2' } },
    );
    expect(resolved.trackingUri).toBe('http://example.test:1');
  });

  it('names both the option and the variable when an environment value is invalid', () => {
    const error = captureConfigError(() =>
      trackerSettings().resolve(
        { trackingUri: 'http://127.0.0.1:5000' },
        { env: { MLFLOW_HTTP_REQUEST_TIMEOUT: 'soon' } },
      ),
    );
    expect(error.option).toBe('timeoutMs');
    expect(error.envVar).toBe('MLFLOW_HTTP_REQUEST_TIMEOUT');
    expect(error.source).toBe('env');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('"timeoutMs"');
    expect(error.message).toContain('MLFLOW_HTTP_REQUEST_TIMEOUT="soon"');
    expect(error.message).toContain('or set MLFLOW_HTTP_REQUEST_TIMEOUT');
    expect(DagnosticsError.isInstance(error)).toBe(true);
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });

  it('never prints a secret variable', () => {
    const error = captureConfigError(() =>
      trackerSettings().resolve(
        { trackingUri: 'http://127.0.0.1:5000', password: 123 as unknown as string },
        {},
      ),
    );
    expect(error.option).toBe('password');
    expect(error.source).toBe('option');
    const fromEnv = captureConfigError(() =>
      defineSettings({
        owner: 'createTracker',
        schema: () => z.object({ password: z.string().min(20) }),
        env: { password: { name: 'MLFLOW_TRACKING_PASSWORD', secret: true } },
      }).resolve({}, { env: { MLFLOW_TRACKING_PASSWORD: 'hunter2-secret' } }),
    );
    expect(fromEnv.message).not.toContain('hunter2-secret');
    expect(fromEnv.message).toContain('MLFLOW_TRACKING_PASSWORD=<redacted>');
  });

  it('rejects unknown options and lists the known ones', () => {
    const error = captureConfigError(() =>
      trackerSettings().resolve({ trackingURI: 'http://x' } as never, { env: {} }),
    );
    expect(error.option).toBe('trackingURI');
    expect(error.message).toContain('unknown setting "trackingURI"');
    expect(error.message).toContain('trackingUri, timeoutMs, password, insecureTls');
  });

  it('reports a missing required option with its variable', () => {
    const error = captureConfigError(() => trackerSettings().resolve({}, { env: {} }));
    expect(error.option).toBe('trackingUri');
    expect(error.envVar).toBe('MLFLOW_TRACKING_URI');
    expect(error.message).toContain('or set MLFLOW_TRACKING_URI');
  });
});

describe('envParsers', () => {
  it('parses the shapes MLflow variables use', () => {
    expect(envParsers.number('1.5')).toBe(1.5);
    expect(envParsers.number('  ')).toBeNaN();
    expect(envParsers.boolean('TRUE')).toBe(true);
    expect(envParsers.boolean('off')).toBe(false);
    expect(envParsers.boolean('maybe')).toBe('maybe');
    expect(envParsers.secondsToMs('0.25')).toBe(250);
    expect(envParsers.list(' a, b,,c ')).toEqual(['a', 'b', 'c']);
  });
});
