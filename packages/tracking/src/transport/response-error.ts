import { MlflowApiError } from './errors';
import type { Redactor } from './redact';
import { type AttemptContext, describeRetryOutcome } from './retry-outcome';
import { isRetriedStatus } from './retry-policy';

/** Longest `responseSnippet`, in characters. */
export const maxSnippetLength = 500;
/** Longest detail quoted in a message, in characters. */
const maxDetailLength = 300;

// MLflow's own mapping for answers that carry no MLflow error code (mlflow/exceptions.py,
// HTTP_STATUS_TO_ERROR_CODE); any other status gives INTERNAL_ERROR, as there.
const errorCodeByStatus: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'ENDPOINT_NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL_ERROR',
  501: 'NOT_IMPLEMENTED',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The MLflow error code MLflow's client derives from a bare HTTP status. */
export function errorCodeForStatus(status: number): string {
  return errorCodeByStatus[status] ?? 'INTERNAL_ERROR';
}

/** What an error answer's body says, whatever its format. */
export interface ParsedErrorBody {
  /** `json`: MLflow's `{error_code, message}`; `text`: e.g. the basic-auth app; `html`: a proxy page. */
  format: 'json' | 'text' | 'html' | 'empty';
  /** MLflow's `error_code`, when the body is MLflow JSON. */
  errorCode: string | undefined;
  /** One line for the message: MLflow's message, the text, or the HTML page's title. */
  detail: string;
  /** The body as readable text, at most {@link maxSnippetLength} characters. */
  snippet: string;
}

/**
 * Reads an error answer's body. `redact` runs over the whole text before anything is cut,
 * so a secret the server echoes cannot survive in part.
 */
export function parseErrorBody(
  rawText: string,
  contentType: string | null,
  redact: Redactor,
): ParsedErrorBody {
  const text = redact(rawText);
  if (text.trim() === '') return { format: 'empty', errorCode: undefined, detail: '', snippet: '' };
  const json = parseJsonObject(text);
  if (json !== undefined) {
    const errorCode = normaliseErrorCode(json.error_code);
    const message = typeof json.message === 'string' ? json.message : '';
    return {
      format: 'json',
      errorCode,
      detail: truncate(collapseWhitespace(message), maxDetailLength),
      snippet: truncate(collapseWhitespace(text), maxSnippetLength),
    };
  }
  // The basic-auth app labels its plain-text answers text/html, so the content decides.
  if (looksLikeHtml(text) || (contentType?.includes('html') === true && /<\w+[^>]*>/.test(text))) {
    const visible = htmlToText(text);
    const title =
      firstMatch(text, /<title[^>]*>([\s\S]*?)<\/title>/i) ??
      firstMatch(text, /<h1[^>]*>([\s\S]*?)<\/h1>/i);
    const detail = title === undefined ? visible : htmlToText(title);
    return {
      format: 'html',
      errorCode: undefined,
      detail: truncate(detail, maxDetailLength),
      snippet: truncate(visible, maxSnippetLength),
    };
  }
  const collapsed = collapseWhitespace(text);
  return {
    format: 'text',
    errorCode: undefined,
    detail: truncate(collapsed, maxDetailLength),
    snippet: truncate(collapsed, maxSnippetLength),
  };
}

/** How the request that failed was authenticated, for advice on 401 answers. */
export type AuthenticationKind = 'basic' | 'bearer' | 'custom' | 'none';

/** What the transport knows about a failed request beyond the answer itself. */
export interface ApiErrorContext extends AttemptContext {
  /** How the request was authenticated. */
  authentication: AuthenticationKind;
  /** HTTP Basic user name, when one was sent (not a secret; it helps with 403). */
  username: string | undefined;
  /** Removes secrets from everything the error carries. */
  redact: Redactor;
}

// MLflow codes that a 5xx can carry although repeating the request cannot help.
const permanentErrorCodes: ReadonlySet<string> = new Set([
  'FEATURE_DISABLED',
  'INVALID_STATE',
  'NOT_IMPLEMENTED',
]);

/** An error answer, read once: what the retry loop and the error message both need. */
export interface ErrorAnswer {
  status: number;
  /** The body, secrets removed. */
  body: ParsedErrorBody;
  /** MLflow's error code, or the one derived from the status. */
  errorCode: string;
  /**
   * A retried status (408, 429, 500, 502, 503, 504), unless MLflow's own code says the
   * failure is permanent (a 500 `FEATURE_DISABLED`, say).
   */
  isRetryable: boolean;
}

/** Reads an error answer's status and body. */
export function readErrorAnswer(
  status: number,
  bodyText: string,
  contentType: string | null,
  redact: Redactor,
): ErrorAnswer {
  const body = parseErrorBody(bodyText, contentType, redact);
  const errorCode = body.errorCode ?? errorCodeForStatus(status);
  const isRetryable = isRetriedStatus(status) && !permanentErrorCodes.has(errorCode);
  return { status, body, errorCode, isRetryable };
}

/** Builds the {@link MlflowApiError} for an error answer. */
export function createApiError(answer: ErrorAnswer, context: ApiErrorContext): MlflowApiError {
  const { body, errorCode, status } = answer;
  const path = context.redact(context.path);
  const detail = body.detail === '' ? '' : `: ${body.detail}`;
  const source = body.format === 'json' ? 'MLflow' : 'The server';
  const message =
    `${source} answered ${context.method} ${path} with ${status} ${errorCode}${detail}. ` +
    advice(answer, { ...context, path });
  return new MlflowApiError({
    message: context.redact(message.trim()),
    errorCode,
    status,
    method: context.method,
    path,
    responseSnippet: body.snippet,
    isRetryable: answer.isRetryable,
  });
}

function advice(answer: ErrorAnswer, context: ApiErrorContext): string {
  const { status, errorCode } = answer;
  if (status === 401) {
    if (context.authentication === 'none') {
      return 'No credentials were sent: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN), or pass username and password (or token).';
    }
    return 'The credentials were rejected: check MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN (username and password win when both are set).';
  }
  if (status === 403) {
    const who =
      context.username === undefined
        ? 'These credentials lack'
        : `User "${context.username}" lacks`;
    const resource = resourceOf(context.path);
    const owner =
      resource === 'registered model' || resource === 'model version'
        ? 'registered model'
        : 'experiment';
    return `${who} permission for this: ask the ${owner}'s owner or an MLflow admin for permission on the ${owner} (READ to read, EDIT to write, MANAGE to change permissions).`;
  }
  if (errorCode === 'ENDPOINT_NOT_FOUND') {
    return 'The server has no such endpoint: check that MLFLOW_TRACKING_URI is the base URL of an MLflow server (without /api/2.0) and that the server is recent enough for this call.';
  }
  if (errorCode === 'RESOURCE_DOES_NOT_EXIST' || errorCode === 'NOT_FOUND') {
    const resource = resourceOf(context.path);
    return `The ${resource} does not exist (or was deleted): check the ${resource}'s id or name.`;
  }
  if (errorCode === 'FEATURE_DISABLED') {
    return 'The server has this feature turned off: check its start options (MLFLOW_WORKSPACE, for one, needs --enable-workspaces) or stop using the feature.';
  }
  if (answer.isRetryable) {
    const trouble =
      status === 429
        ? 'MLflow or a proxy in front of it is limiting the request rate'
        : 'The server or a proxy in front of it is in trouble';
    return `${trouble}. ${describeRetryOutcome(context)}`;
  }
  if (status === 400) return 'MLflow rejected the request as invalid: fix the values it names.';
  return '';
}

const resourceBySegment: Readonly<Record<string, string>> = {
  experiments: 'experiment',
  runs: 'run',
  metrics: 'run',
  'registered-models': 'registered model',
  'model-versions': 'model version',
  'logged-models': 'logged model',
  artifacts: 'artifact',
  traces: 'trace',
  datasets: 'dataset',
};

/** The kind of resource a REST path is about, e.g. `run` for `/api/2.0/mlflow/runs/get`. */
function resourceOf(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.includes('mlflow-artifacts')) return 'artifact';
  const mlflowIndex = segments.indexOf('mlflow');
  const segment = mlflowIndex === -1 ? undefined : segments[mlflowIndex + 1];
  return (segment === undefined ? undefined : resourceBySegment[segment]) ?? 'resource';
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** MLflow's client accepts an HTTP status in place of the code name; map it back. */
function normaliseErrorCode(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return errorCodeForStatus(value);
  if (typeof value !== 'string' || value === '') return undefined;
  return /^\d+$/.test(value) ? errorCodeForStatus(Number(value)) : value;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype\s+html|html|head|body)\b/i.test(text) || /<title[^>]*>/i.test(text);
}

function htmlToText(html: string): string {
  const withoutCode = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ');
  const withoutTags = withoutCode.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ');
  return collapseWhitespace(decodeEntities(withoutTags));
}

const namedEntities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) {
      return safeCodePoint(Number.parseInt(name.slice(2), 16)) ?? entity;
    }
    if (name.startsWith('#')) return safeCodePoint(Number(name.slice(1))) ?? entity;
    return namedEntities[name.toLowerCase()] ?? entity;
  });
}

function safeCodePoint(value: number): string | undefined {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff
    ? String.fromCodePoint(value)
    : undefined;
}

function firstMatch(text: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(text)?.[1];
  return match === undefined || match.trim() === '' ? undefined : match;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, length: number): string {
  if (text.length <= length) return text;
  return `${text.slice(0, length - 1)}…`;
}
