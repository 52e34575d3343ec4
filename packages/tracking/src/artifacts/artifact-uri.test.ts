import { ConfigError, DagnosticsError, InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MlflowApiError } from '../transport';
import { ArtifactLocationError, artifactProxyPath, resolveArtifactUri } from './index';

function locationError(artifactUri: string): ArtifactLocationError {
  try {
    resolveArtifactUri(artifactUri);
  } catch (error) {
    if (ArtifactLocationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`${artifactUri} was resolved`);
}

describe('resolveArtifactUri', () => {
  it('maps run and model roots to the proxy path of the tracking server', () => {
    expect(resolveArtifactUri('mlflow-artifacts:/1/0a1b2c/artifacts')).toBe(
      '/api/2.0/mlflow-artifacts/artifacts/1/0a1b2c/artifacts',
    );
    expect(resolveArtifactUri('mlflow-artifacts:/7/models/m-1f/artifacts')).toBe(
      '/api/2.0/mlflow-artifacts/artifacts/7/models/m-1f/artifacts',
    );
    // The host of the URI is not used: the path is for the transport of that server.
    expect(resolveArtifactUri('mlflow-artifacts://mlflow.example.com:5000/1/r/artifacts')).toBe(
      '/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts',
    );
    expect(resolveArtifactUri('MLFLOW-ARTIFACTS:/1//r/artifacts/')).toBe(
      '/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts',
    );
    expect(resolveArtifactUri('mlflow-artifacts:/')).toBe(artifactProxyPath);
    expect(resolveArtifactUri('mlflow-artifacts://host:5000')).toBe(artifactProxyPath);
  });

  it('encodes each folder once, whether the URI came encoded or not', () => {
    expect(resolveArtifactUri('mlflow-artifacts:/team a/été/artifacts')).toBe(
      '/api/2.0/mlflow-artifacts/artifacts/team%20a/%C3%A9t%C3%A9/artifacts',
    );
    expect(resolveArtifactUri('mlflow-artifacts:/team%20a/%C3%A9t%C3%A9/artifacts')).toBe(
      '/api/2.0/mlflow-artifacts/artifacts/team%20a/%C3%A9t%C3%A9/artifacts',
    );
  });

  it('keeps every folder name through encoding (property)', () => {
    const folder = fc
      .string({ minLength: 1, maxLength: 12, unit: 'grapheme' })
      .filter((name) => !/[/?#%]/.test(name) && name !== '.' && name !== '..');
    fc.assert(
      fc.property(fc.array(folder, { minLength: 1, maxLength: 5 }), (folders) => {
        const resolved = resolveArtifactUri(`mlflow-artifacts:/${folders.join('/')}`);
        const tail = resolved.slice(artifactProxyPath.length + 1);
        expect(tail.split('/').map(decodeURIComponent)).toEqual(folders);
        expect(tail).not.toMatch(/[ ?#]/);
      }),
    );
  });

  it('refuses stores the client cannot reach, saying how to serve them through the proxy', () => {
    for (const [uri, scheme] of [
      ['s3://bucket/mlruns/1/abc/artifacts', 's3'],
      ['gs://bucket/1/abc/artifacts', 'gs'],
      ['hdfs://namenode:8020/mlruns/1', 'hdfs'],
      ['file:///srv/mlruns/1/abc/artifacts', 'file'],
      ['/srv/mlruns/1/abc/artifacts', undefined],
      ['./mlruns/1/abc/artifacts', undefined],
      ['C:\\mlruns\\1\\abc\\artifacts', undefined],
      ['runs:/abc/model', 'runs'],
    ] as const) {
      const error = locationError(uri);
      expect(error.scheme, uri).toBe(scheme);
      expect(error.artifactUri).toBe(uri);
      expect(error.message).toContain('--serve-artifacts');
      expect(error.name).toBe('DagnosticsArtifactLocationError');
      expect(error.code).toBe('ARTIFACT_LOCATION_UNSUPPORTED');
    }
    expect(locationError('s3://bucket/x').message).toContain('does not access directly yet');
    expect(locationError('/srv/mlruns').message).toContain("tracking server's own disk");
  });

  it('never repeats credentials of a URI in the error', () => {
    const error = locationError('https://alice:s3cret@artifacts.example.com/1/abc');
    expect(error.message).not.toContain('s3cret');
    expect(error.artifactUri).not.toContain('s3cret');
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cret');
  });

  it('refuses a proxied URI that climbs out of its root', () => {
    expect(locationError('mlflow-artifacts:/1/../2/artifacts').scheme).toBe('mlflow-artifacts');
    expect(locationError('mlflow-artifacts:/1/%2E%2E/artifacts').scheme).toBe('mlflow-artifacts');
  });
});

describe('ArtifactLocationError', () => {
  it('is recognised by its own isInstance and rejected by its siblings', () => {
    const location = locationError('s3://bucket/x');
    const siblings = [
      new InvalidArgumentError({ message: 'm', argument: 'a' }),
      new ConfigError({ message: 'm', option: 'o', source: 'option' }),
      new MlflowApiError({
        message: 'm',
        errorCode: 'NOT_IMPLEMENTED',
        status: 501,
        method: 'POST',
        path: '/',
        responseSnippet: '',
        isRetryable: false,
      }),
    ];
    expect(ArtifactLocationError.isInstance(location)).toBe(true);
    expect(DagnosticsError.isInstance(location)).toBe(true);
    expect(location.isRetryable).toBe(false);
    for (const sibling of siblings) {
      expect(ArtifactLocationError.isInstance(sibling)).toBe(false);
      expect((sibling.constructor as typeof DagnosticsError).isInstance(location)).toBe(false);
    }
  });
});
