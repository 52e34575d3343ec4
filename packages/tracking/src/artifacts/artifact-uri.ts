import { redactUrl } from '../transport/redact';
import { ArtifactLocationError } from './artifact-location-error';
import { encodeArtifactSegments } from './artifact-path';

/** Where MLflow's artifact proxy (`mlflow server --serve-artifacts`) serves files. */
export const artifactProxyPath = '/api/2.0/mlflow-artifacts/artifacts';

const proxyScheme = 'mlflow-artifacts';
const cloudSchemes = new Map([
  ['s3', 'Amazon S3'],
  ['s3a', 'Amazon S3'],
  ['gs', 'Google Cloud Storage'],
  ['wasbs', 'Azure Blob Storage'],
  ['wasb', 'Azure Blob Storage'],
  ['abfss', 'Azure Data Lake Storage'],
  ['abfs', 'Azure Data Lake Storage'],
  ['hdfs', 'HDFS'],
  ['viewfs', 'HDFS'],
  ['oci', 'Oracle Cloud Object Storage'],
  ['ftp', 'an FTP server'],
  ['sftp', 'an SFTP server'],
  ['dbfs', 'the Databricks file system'],
  ['uc', 'Databricks Unity Catalog volumes'],
]);

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The folders of an artifact root below the proxy's destination, e.g. `['1', '<run id>',
 * 'artifacts']` for `mlflow-artifacts:/1/<run id>/artifacts`, decoded. The host of a
 * `mlflow-artifacts://host:port/...` URI is not used: the transport's server is asked.
 *
 * @throws {ArtifactLocationError} for any URI that is not `mlflow-artifacts:`.
 */
export function artifactRootSegments(artifactUri: string): string[] {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(artifactUri);
  // A one-letter scheme is a Windows drive (`C:\mlruns`), a path like any other.
  const scheme =
    match?.[1] !== undefined && match[1].length > 1 ? match[1].toLowerCase() : undefined;
  if (scheme !== proxyScheme) throw unsupported(artifactUri, scheme);
  let rest = match?.[2] ?? '';
  if (rest.startsWith('//')) {
    const pathStart = rest.indexOf('/', 2);
    rest = pathStart === -1 ? '' : rest.slice(pathStart);
  }
  const segments = rest
    .replace(/[?#].*$/s, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    throw new ArtifactLocationError({
      message: `The artifact URI "${redactUrl(artifactUri)}" has a "." or ".." folder; MLflow never makes such URIs. Use the artifact_uri the server reported for the run or model.`,
      artifactUri: redactUrl(artifactUri),
      scheme,
    });
  }
  return segments;
}

/**
 * Maps a run's or logged model's artifact root, as the server reports it
 * (`mlflow-artifacts:/1/<run id>/artifacts`, or `mlflow-artifacts://host:port/...`), to the
 * path of MLflow's artifact proxy on the tracking server,
 * `/api/2.0/mlflow-artifacts/artifacts/1/<run id>/artifacts`, each part URL-encoded. The
 * host in a `mlflow-artifacts://` URI is not used: the path is meant for the transport of
 * the server that reported it (MLflow's Python client would ask that host instead).
 *
 * @throws {ArtifactLocationError} for other schemes (`s3:`, `gs:`, `file:`, a bare path):
 * the message says to run the server with `--serve-artifacts`, as direct access to those
 * stores is not supported yet.
 *
 * @example
 * ```ts
 * resolveArtifactUri('mlflow-artifacts:/1/0a1b/artifacts');
 * // '/api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts'
 * ```
 */
export function resolveArtifactUri(artifactUri: string): string {
  const segments = artifactRootSegments(artifactUri);
  return segments.length === 0
    ? artifactProxyPath
    : `${artifactProxyPath}/${encodeArtifactSegments(segments)}`;
}

function unsupported(artifactUri: string, scheme: string | undefined): ArtifactLocationError {
  const shown = redactUrl(artifactUri);
  const fix =
    'Start the tracking server with --serve-artifacts (the default since MLflow 2.0) and let runs use its default artifact root (mlflow-artifacts:/), so that artifacts go through its proxy';
  let message: string;
  if (scheme === undefined || scheme === 'file') {
    message = `The artifact location "${shown}" is a folder on the tracking server's own disk, which a remote client cannot reach. ${fix}; an experiment created with an explicit artifact_location keeps that location.`;
  } else if (cloudSchemes.has(scheme)) {
    message = `The artifact location "${shown}" is in ${cloudSchemes.get(scheme)}, which DAGnostics does not access directly yet. ${fix} (--artifacts-destination ${scheme}://... keeps the files there).`;
  } else {
    message = `The artifact location "${shown}" (scheme "${scheme}:") is not served through MLflow's artifact proxy, and DAGnostics reaches artifacts only through it. ${fix}.`;
  }
  return new ArtifactLocationError({ message, artifactUri: shown, scheme });
}
