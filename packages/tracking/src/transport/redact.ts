/** What replaces a secret in messages, snippets and logs. */
export const redactedText = '<redacted>';

/** Removes secrets from a text before it goes into an error message, a snippet or a log line. */
export type Redactor = (text: string) => string;

// Credentials that any server or proxy might echo, whoever they belong to.
const authorizationValue = /\b(Basic|Bearer)\s+(?!realm\b)[A-Za-z0-9._~+/-]+=*/gi;
const sensitiveQueryParameter =
  /([?&;](?:password|passwd|pwd|token|access_token|id_token|api_key|apikey|secret|signature|sig)=)[^&;#\s"'<>]*/gi;
const urlUserinfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;

/** Header names whose values are credentials. */
const sensitiveHeaderName = /auth|token|key|secret|cookie|session|password|signature/i;

/** True when a header with this name carries a credential (`Authorization`, `X-Api-Key`, ...). */
export function isSensitiveHeaderName(name: string): boolean {
  return sensitiveHeaderName.test(name);
}

/**
 * Hides what a URL-ish text carries besides its location: everything before an `@`
 * (user info, even when the text is not a valid URL) and credential query parameters.
 */
export function redactUrl(text: string): string {
  const withoutUserinfo = text.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)?[^@]*@/i,
    (_match, scheme: string | undefined) => `${scheme ?? ''}${redactedText}@`,
  );
  return redactPatterns(withoutUserinfo);
}

function redactPatterns(text: string): string {
  return text
    .replace(authorizationValue, `$1 ${redactedText}`)
    .replace(sensitiveQueryParameter, `$1${redactedText}`)
    .replace(urlUserinfo, `$1${redactedText}@`);
}

/**
 * A redactor that removes the given secrets verbatim (and their URL-encoded form), then
 * anything shaped like a credential: `Basic`/`Bearer` values, user info in URLs and
 * credential query parameters.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another is removed whole.
  const ordered = [...variants].sort((left, right) => right.length - left.length);
  return (text) => {
    let result = text;
    for (const secret of ordered) result = result.split(secret).join(redactedText);
    return redactPatterns(result);
  };
}

/**
 * The error `cause` to attach to a DAGnostics error: `cause` itself when no message or
 * stack in its `cause` chain holds a secret, else a copy of the chain with the secrets
 * removed (same names and codes), so that logging the error, its `toJSON()` or its cause
 * cannot leak them.
 */
export function redactCause(cause: unknown, redact: Redactor, depth = 0): unknown {
  if (!(cause instanceof Error) || depth > 8) return cause;
  const inner = (cause as { cause?: unknown }).cause;
  const redactedInner = redactCause(inner, redact, depth + 1);
  const message = redact(cause.message);
  const stack = cause.stack === undefined ? undefined : redact(cause.stack);
  if (message === cause.message && stack === cause.stack && redactedInner === inner) return cause;
  const copy = new Error(
    message,
    redactedInner === undefined ? undefined : { cause: redactedInner },
  );
  copy.name = cause.name;
  copy.stack = stack;
  const code = (cause as { code?: unknown }).code;
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}
