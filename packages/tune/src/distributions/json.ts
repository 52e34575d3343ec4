import type { CategoricalChoice, Distribution, JsonValue } from '../types';
import { categoricalDistribution, floatDistribution, intDistribution } from './create';

/**
 * A number as Python's `repr(float)` writes it (`0.0`, `1e-05`, `1.5e+16`, `Infinity` as
 * `json.dumps` writes it), so our JSON is byte for byte what Optuna writes.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** A JSON string literal with non-ASCII escaped, as Python's `json.dumps` writes it. */
function pythonString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A choice as Python writes it. JavaScript has one number type: an integral number is
 * written as a Python int (`3`), any other as a float (`0.5`).
 */
function pythonChoice(choice: CategoricalChoice): string {
  if (choice === null) return 'null';
  if (typeof choice === 'boolean') return choice ? 'true' : 'false';
  if (typeof choice === 'string') return pythonString(choice);
  return Number.isSafeInteger(choice) ? String(choice) : pythonFloatRepr(choice);
}

/**
 * Optuna's `distribution_to_json`, byte for byte: `{"name": "FloatDistribution",
 * "attributes": {"step": null, "low": 0.0, "high": 1.0, "log": false}}` (Python's field
 * order and separators; float bounds always with a decimal point; int bounds as ints).
 */
export function distributionToJson(distribution: Distribution): string {
  switch (distribution.kind) {
    case 'float': {
      const step = distribution.step === null ? 'null' : pythonFloatRepr(distribution.step);
      return `{"name": "FloatDistribution", "attributes": {"step": ${step}, "low": ${pythonFloatRepr(distribution.low)}, "high": ${pythonFloatRepr(distribution.high)}, "log": ${distribution.log}}}`;
    }
    case 'int':
      return `{"name": "IntDistribution", "attributes": {"log": ${distribution.log}, "step": ${distribution.step}, "low": ${distribution.low}, "high": ${distribution.high}}}`;
    case 'categorical':
      return `{"name": "CategoricalDistribution", "attributes": {"choices": [${distribution.choices.map(pythonChoice).join(', ')}]}}`;
  }
}

type Attributes = Record<string, JsonValue>;

function numberField(attributes: Attributes, key: string): number {
  const value = attributes[key];
  if (typeof value !== 'number') {
    throw new TypeError(`Distribution JSON: attribute ${key} must be a number.`);
  }
  return value;
}

function optionalNumber(attributes: Attributes, key: string): number | null {
  const value = attributes[key];
  return value === undefined || value === null ? null : numberField(attributes, key);
}

/** Parses `NaN`/`Infinity` as Python's `json.dumps` writes them. */
function parsePythonJson(text: string): JsonValue {
  return JSON.parse(
    text.replace(/(?<=[:,[]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, '"__python_float__$1"'),
    (_key, value: unknown) =>
      typeof value === 'string' && value.startsWith('__python_float__')
        ? Number(value.slice('__python_float__'.length))
        : value,
  ) as JsonValue;
}

/**
 * Optuna's `json_to_distribution`: reads `{"name": ..., "attributes": ...}` for the
 * current classes and the deprecated ones (`UniformDistribution`, `LogUniformDistribution`,
 * `DiscreteUniformDistribution` with `q`, `IntUniformDistribution`,
 * `IntLogUniformDistribution`), and the abbreviated `{"type": "float"|"int"|"categorical"}`
 * form. Validates as the suggest calls do. Throws `TypeError` for an unknown shape.
 */
export function distributionFromJson(json: string | JsonValue): Distribution {
  const parsed = typeof json === 'string' ? parsePythonJson(json) : json;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError('Distribution JSON must be an object.');
  }
  const param = '(from JSON)';
  if (typeof parsed.name === 'string') {
    const attributes = parsed.attributes;
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
      throw new TypeError('Distribution JSON: attributes must be an object.');
    }
    const low = (): number => numberField(attributes, 'low');
    const high = (): number => numberField(attributes, 'high');
    const intStep = (): number => optionalNumber(attributes, 'step') ?? 1;
    switch (parsed.name) {
      case 'FloatDistribution':
        return floatDistribution(param, low(), high(), {
          log: attributes.log === true,
          step: optionalNumber(attributes, 'step'),
        });
      case 'UniformDistribution':
        return floatDistribution(param, low(), high());
      case 'LogUniformDistribution':
        return floatDistribution(param, low(), high(), { log: true });
      case 'DiscreteUniformDistribution':
        return floatDistribution(param, low(), high(), { step: numberField(attributes, 'q') });
      case 'IntDistribution':
        return intDistribution(param, low(), high(), {
          log: attributes.log === true,
          step: intStep(),
        });
      case 'IntUniformDistribution':
        return intDistribution(param, low(), high(), { step: intStep() });
      case 'IntLogUniformDistribution':
        return intDistribution(param, low(), high(), { log: true, step: intStep() });
      case 'CategoricalDistribution':
        return categoricalDistribution(param, choicesField(attributes.choices));
      default:
        throw new TypeError(`Unknown distribution class: ${parsed.name}.`);
    }
  }
  const fields = parsed as Attributes;
  switch (fields.type) {
    case 'categorical':
      return categoricalDistribution(param, choicesField(fields.choices));
    case 'float':
      return floatDistribution(param, numberField(fields, 'low'), numberField(fields, 'high'), {
        log: fields.log === true,
        step: optionalNumber(fields, 'step'),
      });
    case 'int':
      return intDistribution(param, numberField(fields, 'low'), numberField(fields, 'high'), {
        log: fields.log === true,
        step: optionalNumber(fields, 'step') ?? 1,
      });
    default:
      throw new TypeError(`Unknown distribution type: ${String(fields.type)}.`);
  }
}

function choicesField(value: JsonValue | undefined): CategoricalChoice[] {
  if (!Array.isArray(value)) throw new TypeError('Distribution JSON: choices must be an array.');
  return value.map((choice) => {
    if (choice !== null && typeof choice === 'object') {
      throw new TypeError('Distribution JSON: a choice must be null, boolean, number or string.');
    }
    return choice;
  });
}
