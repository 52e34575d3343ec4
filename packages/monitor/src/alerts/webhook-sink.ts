import { DagnosticsError, InvalidArgumentError } from '@dagnostics/core';
import type { Alert, AlertSink } from './alert-manager';

/** A webhook answered with an error status, or could not be reached. */
export class AlertDeliveryError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsAlertDeliveryError';
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(options: { message: string; status?: number; cause?: unknown }) {
    super({ ...options, code: 'ALERT_DELIVERY_FAILED', isRetryable: true });
    this.status = options.status;
  }
}

/** Options of {@link webhookSink}. */
export interface WebhookSinkOptions {
  /** Where to POST. Credentials in it (`http://user:pass@host/`) are sent as Basic auth. */
  url: string;
  /**
   * `alertmanager-webhook` (default): the body Alertmanager itself sends to webhook
   * receivers (`version: "4"`, `status`, `alerts`, common labels), so existing receivers
   * work unchanged. `alertmanager-api-v2`: a JSON array of alerts for Alertmanager's
   * `POST /api/v2/alerts`, to hand alerts to a real Alertmanager for routing.
   */
  format?: 'alertmanager-webhook' | 'alertmanager-api-v2';
  /** `receiver` of the webhook body. Default `dagnostics`. */
  receiver?: string;
  /** Extra headers, e.g. `authorization`. Never logged. */
  headers?: Readonly<Record<string, string>>;
  /** Per-request timeout in ms. Default 10 000. */
  timeoutMs?: number;
  /** `fetch` to use. Default the global one. */
  fetch?: typeof globalThis.fetch;
}

function common(records: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = records;
  if (first === undefined) return {};
  return Object.fromEntries(
    Object.entries(first).filter(([key, value]) => rest.every((other) => other[key] === value)),
  );
}

/**
 * A sink that POSTs alerts as JSON to a webhook, in one of Alertmanager's shapes. A non-2xx
 * answer or a network failure rejects with {@link AlertDeliveryError} (the URL's
 * credentials and the headers are never in the message), and the alert manager sends the
 * alerts again with its next evaluation.
 */
export function webhookSink(options: WebhookSinkOptions): AlertSink {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (cause) {
    throw new InvalidArgumentError({
      argument: 'url',
      message:
        'webhookSink: url is not an absolute URL; give e.g. http://alertmanager:9093/api/v2/alerts',
      cause,
    });
  }
  const format = options.format ?? 'alertmanager-webhook';
  const receiver = options.receiver ?? 'dagnostics';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = options.fetch ?? globalThis.fetch;
  const shownUrl = `${url.protocol}//${url.host}${url.pathname}`;
  // fetch refuses URLs with credentials: they become a Basic authorization header.
  const credentials =
    url.username === '' && url.password === ''
      ? undefined
      : `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  return async (alerts: readonly Alert[]) => {
    const payload =
      format === 'alertmanager-api-v2'
        ? alerts.map((alert) => ({
            labels: alert.labels,
            annotations: alert.annotations,
            startsAt: alert.startsAt,
            ...(alert.status === 'resolved' ? { endsAt: alert.endsAt } : {}),
            generatorURL: alert.generatorURL,
          }))
        : {
            version: '4',
            groupKey: `{}:{alertname=~"${[...new Set(alerts.map((alert) => alert.labels.alertname))].join('|')}"}`,
            truncatedAlerts: 0,
            status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
            receiver,
            groupLabels: {},
            commonLabels: common(alerts.map((alert) => alert.labels)),
            commonAnnotations: common(alerts.map((alert) => alert.annotations)),
            externalURL: '',
            alerts: alerts.map((alert) => ({
              status: alert.status,
              labels: alert.labels,
              annotations: alert.annotations,
              startsAt: alert.startsAt,
              endsAt: alert.endsAt,
              generatorURL: alert.generatorURL,
              fingerprint: alert.fingerprint,
            })),
          };
    let response: Response;
    try {
      response = await send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(credentials === undefined ? {} : { authorization: credentials }),
          ...options.headers,
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new AlertDeliveryError({
        message: `Alert webhook ${shownUrl} could not be reached (${(cause as Error)?.name ?? 'error'}); the alerts are sent again with the next evaluation`,
        cause,
      });
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).slice(0, 200);
      throw new AlertDeliveryError({
        status: response.status,
        message: `Alert webhook ${shownUrl} answered ${response.status}${text ? `: ${text}` : ''}; the alerts are sent again with the next evaluation`,
      });
    }
    await response.body?.cancel().catch(() => undefined);
  };
}
