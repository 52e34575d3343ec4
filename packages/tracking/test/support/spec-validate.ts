/**
 * A small JSON Schema checker for the subset `openapi/mlflow-rest.yaml` uses: `$ref` (local),
 * `type` (one or a list), `properties`, `additionalProperties`, `required`, `items`, `enum`,
 * `oneOf`, `allOf`, and the bounds `minimum`/`maximum`, `minItems`/`maxItems`,
 * `minLength`/`maxLength`. A keyword it does not know is an error, so the spec cannot
 * silently outgrow it.
 *
 * Unlike plain JSON Schema, a property that an object schema does not declare is reported
 * unless the schema says `additionalProperties`: the conformance suite wants to hear about
 * every field the server sends that the spec does not describe.
 */

/** A JSON Schema object as it appears in the spec. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Looks up a local `$ref` such as `#/components/schemas/Run`. */
export type ResolveReference = (reference: string) => JsonSchema;

const knownKeywords = new Set([
  '$ref',
  'type',
  'format',
  'properties',
  'additionalProperties',
  'required',
  'items',
  'enum',
  'oneOf',
  'allOf',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'description',
  'deprecated',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every way `value` breaks `schema`, each as `<JSON path>: <problem>`; empty when it conforms.
 * `path` names the value in the messages (`$` for the document root).
 */
export function validateAgainstSchema(
  value: unknown,
  schema: JsonSchema,
  resolve: ResolveReference,
  path = '$',
): string[] {
  const unknown = Object.keys(schema).filter((keyword) => !knownKeywords.has(keyword));
  if (unknown.length > 0) return [`${path}: schema uses unsupported keywords ${unknown}`];

  if (typeof schema.$ref === 'string') {
    return validateAgainstSchema(value, resolve(schema.$ref), resolve, path);
  }

  const problems: string[] = [];

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => matchesType(value, type))) {
      return [`${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
    }
  }

  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }

  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf as JsonSchema[]) {
      problems.push(...validateAgainstSchema(value, part, resolve, path));
    }
  }

  if (Array.isArray(schema.oneOf)) {
    const outcomes = (schema.oneOf as JsonSchema[]).map((part) =>
      validateAgainstSchema(value, part, resolve, path),
    );
    const matching = outcomes.filter((outcome) => outcome.length === 0).length;
    if (matching !== 1) {
      problems.push(
        `${path}: matches ${matching} of the oneOf alternatives instead of exactly one` +
          (matching === 0 ? ` (${outcomes.map((outcome) => outcome.join('; ')).join(' | ')})` : ''),
      );
    }
  }

  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      problems.push(`${path}: ${value} is below the minimum ${schema.minimum}`);
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      problems.push(`${path}: ${value} is above the maximum ${schema.maximum}`);
    }
  }

  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      problems.push(`${path}: shorter than ${schema.minLength} characters`);
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      problems.push(`${path}: longer than ${schema.maxLength} characters`);
    }
  }

  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      problems.push(`${path}: fewer than ${schema.minItems} items`);
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      problems.push(`${path}: more than ${schema.maxItems} items`);
    }
    if (isSchema(schema.items)) {
      const items = schema.items;
      value.forEach((item, index) => {
        problems.push(...validateAgainstSchema(item, items, resolve, `${path}[${index}]`));
      });
    }
  }

  if (isSchema(value)) {
    const properties = isSchema(schema.properties) ? schema.properties : undefined;
    if (Array.isArray(schema.required)) {
      for (const name of schema.required as string[]) {
        if (!(name in value)) problems.push(`${path}: required property ${name} is missing`);
      }
    }
    for (const [name, propertyValue] of Object.entries(value)) {
      const propertyPath = `${path}.${name}`;
      const declared = properties?.[name];
      if (isSchema(declared)) {
        problems.push(...validateAgainstSchema(propertyValue, declared, resolve, propertyPath));
      } else if (isSchema(schema.additionalProperties)) {
        problems.push(
          ...validateAgainstSchema(
            propertyValue,
            schema.additionalProperties,
            resolve,
            propertyPath,
          ),
        );
      } else if (properties !== undefined && schema.additionalProperties !== true) {
        problems.push(`${propertyPath}: property not declared in the spec`);
      }
    }
  }

  return problems;
}
