export { ArtifactLocationError } from './artifact-location-error';
export { artifactProxyPath, resolveArtifactUri } from './artifact-uri';
export { type DownloadArtifactsOptions, downloadArtifacts } from './download-artifacts';
export {
  type ArtifactEntry,
  iterateArtifacts,
  type ListArtifactsOptions,
  listArtifacts,
} from './list-artifacts';
export {
  type ArtifactTransferSettings,
  type ArtifactTransferSettingsInput,
  artifactTransferSettings,
} from './transfer-settings';
export { type UploadArtifactOptions, uploadArtifact } from './upload-artifact';
