import { DagnosticsError } from '@dagnostics/core';

/**
 * An artifact location this client cannot reach: a run's or model's artifact URI that is
 * not served through MLflow's artifact proxy (`s3:`, `gs:`, `file:`, a bare path...), or an
 * artifact name a server listed that would escape the download folder. The message says
 * how to configure the server so artifacts go through its proxy.
 *
 * @example
 * ```ts
 * try { await uploadArtifact(transport, run.artifactUri, 'model.onnx') } catch (error) {
 *   if (ArtifactLocationError.isInstance(error)) console.error(error.scheme, error.message);
 * }
 * ```
 */
export class ArtifactLocationError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsArtifactLocationError';

  /** The artifact URI (or URI and path) concerned, credentials removed. */
  readonly artifactUri: string;
  /** Its scheme in lower case (`s3`, `file`, `mlflow-artifacts`), or undefined for a bare path. */
  readonly scheme: string | undefined;

  constructor(options: { message: string; artifactUri: string; scheme: string | undefined }) {
    super({ message: options.message, code: 'ARTIFACT_LOCATION_UNSUPPORTED' });
    this.artifactUri = options.artifactUri;
    this.scheme = options.scheme;
  }
}
