import { mlflowOperations } from '../generated/operations';
import type { RetrySafety } from '../transport';

interface CompiledOperation {
  method: string;
  pattern: RegExp;
  safety: RetrySafety;
}

let compiled: CompiledOperation[] | undefined;

function compile(): CompiledOperation[] {
  compiled ??= mlflowOperations.map((operation) => ({
    method: operation.method,
    // Templated segments ({model_id}, {artifact_path}) match anything, slashes included
    // for artifact paths.
    pattern: new RegExp(
      `^${operation.path
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{artifact_path\}/g, '.+')
        .replace(/\{[^}]+\}/g, '[^/]+')}$`,
    ),
    // A reconcilable operation is not repeated blindly: the caller confirms the outcome.
    safety: operation.retry === 'safe' ? 'safe' : 'unsafe',
  }));
  return compiled;
}

/**
 * Retry safety of a request from the spec's `x-dagnostics-retry` table; requests the
 * spec does not know are safe only for reading methods.
 */
export function specRetrySafety(method: string, pathname: string): RetrySafety {
  const upper = method.toUpperCase();
  for (const operation of compile()) {
    if (operation.method === upper && operation.pattern.test(pathname)) return operation.safety;
  }
  return upper === 'GET' || upper === 'HEAD' ? 'safe' : 'unsafe';
}
