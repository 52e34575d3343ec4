import { FilterSyntaxError } from './filter-syntax-error';
import type { FilterComparison } from './filter-types';

/** An identifier as read: its entity and its key (attribute aliases already resolved). */
export interface ParsedIdentifier {
  entity: FilterComparison['entity'];
  key: string;
  /** Where the identifier starts in the input. */
  position: number;
}

const entityAliases: Readonly<Record<string, FilterComparison['entity']>> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

/** MLflow's aliases of attribute names (case-sensitive, as in `SearchUtils.translate_key_alias`). */
const attributeAliases: Readonly<Record<string, string>> = {
  created: 'start_time',
  Created: 'start_time',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name',
};

/** Attributes a filter can compare and a search can order by (MLflow's `RunInfo`). */
export const runAttributeKeys: readonly string[] = [
  'run_id',
  'run_name',
  'status',
  'user_id',
  'artifact_uri',
  'start_time',
  'end_time',
];

const datasetKeys: readonly string[] = ['name', 'digest', 'context'];

/**
 * A cursor over a filter or order-by string that reads the tokens of MLflow's search grammar as
 * sqlparse (the tokenizer MLflow uses) does, and throws `FilterSyntaxError` at the offending
 * position.
 */
export class FilterScanner {
  position = 0;

  constructor(
    readonly input: string,
    readonly argument: 'filter' | 'orderBy',
  ) {}

  get isDone(): boolean {
    return this.position >= this.input.length;
  }

  peek(): string | undefined {
    return this.input[this.position];
  }

  error(message: string, position = this.position): FilterSyntaxError {
    return new FilterSyntaxError({ message, input: this.input, position, argument: this.argument });
  }

  skipWhitespace(): void {
    while (!this.isDone && /\s/.test(this.peek() as string)) this.position += 1;
  }

  /** Reads `[A-Za-z_][A-Za-z0-9_]*`, or returns undefined without moving. */
  readWord(): string | undefined {
    return this.#readPattern(/[A-Za-z_][A-Za-z0-9_]*/y);
  }

  /** Consumes `word` (any case) when it stands here as a whole word. */
  readKeyword(word: string): boolean {
    const end = this.position + word.length;
    if (this.input.slice(this.position, end).toUpperCase() !== word) return false;
    if (/[A-Za-z0-9_]/.test(this.input[end] ?? '')) return false;
    this.position = end;
    return true;
  }

  /**
   * Reads a quoted token as sqlparse delimits it (a doubled quote or a backslash before the
   * quote does not end it) and returns the text between the quotes unchanged: MLflow strips
   * the quotes and never unescapes.
   */
  readQuoted(): string {
    const quote = this.peek() as string;
    const start = this.position;
    let index = start + 1;
    for (;;) {
      const character = this.input[index];
      if (character === undefined) throw this.error(`unterminated ${quote} quote`, start);
      const next = this.input[index + 1];
      if (character === quote && next === quote) index += 2;
      else if (character === '\\' && next === quote && quote !== '`') index += 2;
      else if (character === quote) break;
      else index += 1;
    }
    this.position = index + 1;
    return this.input.slice(start + 1, index);
  }

  /** Reads a number literal in one of sqlparse's forms (`1`, `-2.5`, `.5`, `5.`, `1e-7`). */
  readNumber(): number | undefined {
    const text =
      this.#readPattern(/-?\d+(\.\d+)?[eE]-?\d+/y) ??
      this.#readPattern(/-?(\d+(\.\d*)|\.\d+)(?![_A-Za-z])/y) ??
      this.#readPattern(/-?\d+(?![_A-Za-z])/y);
    return text === undefined ? undefined : Number(text);
  }

  /**
   * Reads `('a', "b", …)`: MLflow evaluates the parenthesis as a Python literal, so items are
   * Python strings with Python escapes (adjacent literals concatenate, a trailing comma is
   * allowed).
   */
  readStringList(): string[] {
    const start = this.position;
    if (this.peek() !== '(') throw this.error("expected a list like ('a', 'b')");
    this.position += 1;
    const values: string[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.peek() === ')' && values.length > 0) break;
      if (this.peek() !== "'" && this.peek() !== '"') {
        throw this.error(
          values.length === 0 && this.peek() === ')'
            ? 'IN needs at least one value'
            : 'expected a quoted string in the list',
        );
      }
      let value = '';
      while (this.peek() === "'" || this.peek() === '"') {
        value += this.#readPythonString();
        this.skipWhitespace();
      }
      values.push(value);
      if (this.peek() === ',') {
        this.position += 1;
        continue;
      }
      if (this.peek() === ')') break;
      throw this.error(this.isDone ? `unclosed list opened at ${start}` : "expected ',' or ')'");
    }
    this.position += 1;
    return values;
  }

  /** Reads `[entity.]key`, resolves aliases and checks the key against the entity. */
  readIdentifier(): ParsedIdentifier {
    const position = this.position;
    const first = this.#readSegment(false);
    if (first === undefined) throw this.error('expected an identifier such as metrics.loss');
    if (this.peek() !== '.') {
      return { entity: 'attribute', key: this.#checkAttribute(first.text, position), position };
    }
    if (first.quote === '"') throw this.error('an entity type is not quoted', position);
    const entity = entityAliases[first.text];
    if (entity === undefined) {
      throw this.error(
        `unknown entity type "${first.text}": use metrics., params., tags., attributes. or datasets.`,
        position,
      );
    }
    this.position += 1;
    const keyPosition = this.position;
    const key = this.#readSegment(true);
    if (key === undefined || key.text === '') {
      throw this.error(`expected a key after "${first.text}."`, keyPosition);
    }
    if (entity === 'attribute') {
      return { entity, key: this.#checkAttribute(key.text, keyPosition), position };
    }
    if (entity === 'dataset' && !datasetKeys.includes(key.text)) {
      throw this.error(
        `unknown dataset key "${key.text}": use name, digest or context`,
        keyPosition,
      );
    }
    return { entity, key: key.text, position };
  }

  #checkAttribute(key: string, position: number): string {
    const resolved = attributeAliases[key] ?? key;
    if (!runAttributeKeys.includes(resolved)) {
      throw this.error(
        `unknown attribute "${key}": use one of ${runAttributeKeys.join(', ')}`,
        position,
      );
    }
    return resolved;
  }

  /** A bare, double-quoted or backticked name; bare keys may hold dots (`a.b`) and start with a digit. */
  #readSegment(isKey: boolean): { text: string; quote?: '"' | '`' } | undefined {
    const quote = this.peek();
    if (quote === '"' || quote === '`') return { text: this.readQuoted(), quote };
    const text = isKey ? this.#readPattern(/[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*/y) : this.readWord();
    return text === undefined ? undefined : { text };
  }

  #readPattern(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.input);
    if (match === null) return undefined;
    this.position += match[0].length;
    return match[0];
  }

  #readPythonString(): string {
    const start = this.position;
    const quote = this.peek() as string;
    let index = start + 1;
    let value = '';
    for (;;) {
      const character = this.input[index];
      if (character === undefined || character === '\n') {
        throw this.error(`unterminated ${quote} quote`, start);
      }
      if (character === quote) break;
      if (character !== '\\') {
        value += character;
        index += 1;
        continue;
      }
      const escaped = readPythonEscape(this.input, index);
      if (escaped === undefined) throw this.error('invalid escape in a list value', index);
      value += escaped.value;
      index = escaped.end;
    }
    this.position = index + 1;
    return value;
  }
}

const simpleEscapes: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

/** A Python string escape starting at the backslash at `index`: its value and where it ends. */
function readPythonEscape(
  input: string,
  index: number,
): { value: string; end: number } | undefined {
  const next = input[index + 1];
  if (next === undefined) return undefined;
  const simple = simpleEscapes[next];
  if (simple !== undefined) return { value: simple, end: index + 2 };
  const octal = /^[0-7]{1,3}/.exec(input.slice(index + 1, index + 4));
  if (octal !== null) {
    return {
      value: String.fromCodePoint(Number.parseInt(octal[0], 8)),
      end: index + 1 + octal[0].length,
    };
  }
  const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const digits = input.slice(index + 2, index + 2 + hexLength);
    if (!new RegExp(`^[0-9A-Fa-f]{${hexLength}}$`).test(digits)) return undefined;
    const codePoint = Number.parseInt(digits, 16);
    if (codePoint > 0x10ffff) return undefined;
    return { value: String.fromCodePoint(codePoint), end: index + 2 + hexLength };
  }
  if (next === 'N') return undefined;
  // Python keeps an unknown escape as it is, backslash included.
  return { value: `\\${next}`, end: index + 2 };
}
