export {
  type CreateTransportOptions,
  createTransport,
  type MlflowTransport,
  type RetryEvent,
  type TransportRequest,
} from './create-transport';
export {
  MlflowApiError,
  MlflowNetworkError,
  MlflowTimeoutError,
  type NetworkFailureReason,
} from './errors';
export type { RequestBody, RequestBodySource } from './fetch-interop';
export type { RetrySafety, RetrySafetyClassifier } from './retry-policy';
export { type TrackingSettings, type TrackingSettingsInput, trackingSettings } from './settings';
export { trackingVersion } from './version';
