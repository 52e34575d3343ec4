export {
  type Alert,
  type AlertManager,
  type AlertManagerOptions,
  type AlertPhase,
  type AlertSink,
  type AlertState,
  createAlertManager,
} from './alert-manager';
export type { AlertRule, AlertSeverity } from './alert-rule';
export { AlertDeliveryError, type WebhookSinkOptions, webhookSink } from './webhook-sink';
