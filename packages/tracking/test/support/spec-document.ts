/**
 * Read access to `openapi/mlflow-rest.yaml` for the conformance suite: which operation a
 * request hit, and the response schema it should have answered with.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JsonSchema } from './spec-validate';

const specUrl = new URL('../../openapi/mlflow-rest.yaml', import.meta.url);

/** What the spec says about one documented response of an operation. */
export interface SpecResponse {
  /** The key it is documented under: `200`, `401`, `4XX`, ... */
  readonly statusKey: string;
  /** Media type → schema; empty when the spec says the body is empty. */
  readonly content: ReadonlyMap<string, JsonSchema>;
}

/** The parts of the spec the conformance suite reads. */
export interface SpecDocument {
  /** Resolves a local `$ref` (`#/components/...`). */
  resolve(reference: string): JsonSchema;
  /** The `operationId` of `method` on the templated `path`, if the spec has it. */
  operationIdOf(method: string, path: string): string | undefined;
  /** The documented response of an operation for `status`: exact code, then `4XX`-style range. */
  responseOf(operationId: string, status: number): SpecResponse | undefined;
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let cached: SpecDocument | undefined;

/** The spec, parsed on first use. */
export function loadSpecDocument(): SpecDocument {
  cached ??= createSpecDocument(parse(readFileSync(specUrl, 'utf8')) as Node);
  return cached;
}

function createSpecDocument(spec: Node): SpecDocument {
  const resolveNode = (reference: string): Node => {
    if (!reference.startsWith('#/')) throw new Error(`only local $ref are supported: ${reference}`);
    let node: unknown = spec;
    for (const segment of reference.slice(2).split('/')) {
      node = isNode(node) ? node[segment.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
    }
    if (!isNode(node)) throw new Error(`unresolved $ref ${reference}`);
    return node;
  };
  const followReference = (node: Node): Node =>
    typeof node.$ref === 'string' ? followReference(resolveNode(node.$ref)) : node;

  const operations = new Map<string, Node>();
  const operationIds = new Map<string, string>();
  const paths = isNode(spec.paths) ? spec.paths : {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isNode(pathItem)) continue;
    for (const [method, operation] of Object.entries(pathItem)) {
      if (!isNode(operation) || typeof operation.operationId !== 'string') continue;
      operations.set(operation.operationId, operation);
      operationIds.set(`${method.toUpperCase()} ${path}`, operation.operationId);
    }
  }

  return {
    resolve: (reference) => resolveNode(reference),
    operationIdOf: (method, path) => operationIds.get(`${method.toUpperCase()} ${path}`),
    responseOf(operationId, status) {
      const operation = operations.get(operationId);
      const responses = isNode(operation?.responses) ? operation.responses : {};
      const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find(
        (key) => key in responses,
      );
      if (statusKey === undefined) return undefined;
      const response = followReference(responses[statusKey] as Node);
      const content = new Map<string, JsonSchema>();
      if (isNode(response.content)) {
        for (const [mediaType, media] of Object.entries(response.content)) {
          content.set(mediaType, isNode(media) && isNode(media.schema) ? media.schema : {});
        }
      }
      return { statusKey, content };
    },
  };
}
