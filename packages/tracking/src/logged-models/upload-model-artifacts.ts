import { type UploadArtifactOptions, uploadArtifact } from '../artifacts';
import type { MlflowTransport } from '../transport';
import type { LoggedModel } from './logged-model';

/**
 * Uploads a logged model's files (a folder such as one holding `MLmodel` and `model.onnx`,
 * one file, or bytes with `fileName`) to its artifact root, `model.artifactUri`, through
 * MLflow's artifact proxy: {@link uploadArtifact} with the model's root. Finalize the model
 * afterwards. Resolves with the artifact paths written.
 *
 * @example
 * ```ts
 * await uploadModelArtifacts(transport, model, './build/model');
 * await finalizeLoggedModel(client, model.modelId, 'READY');
 * ```
 */
export function uploadModelArtifacts(
  transport: MlflowTransport,
  model: Pick<LoggedModel, 'artifactUri'>,
  source: string | Uint8Array,
  options: UploadArtifactOptions = {},
): Promise<string[]> {
  return uploadArtifact(transport, model.artifactUri, source, options);
}
