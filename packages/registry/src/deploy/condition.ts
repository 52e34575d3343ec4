import { ConditionError } from './errors';

/** What a metric provider measures: one number, or a vector of numbers. */
export type MetricValue = number | readonly number[];

type Value = number | boolean | readonly number[];

type Node =
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'result' }
  | { readonly type: 'index'; readonly target: Node; readonly index: Node }
  | { readonly type: 'call'; readonly name: FunctionName; readonly argument: Node }
  | { readonly type: 'not'; readonly operand: Node }
  | { readonly type: 'negate'; readonly operand: Node }
  | {
      readonly type: 'binary';
      readonly operator: BinaryOperator;
      readonly left: Node;
      readonly right: Node;
    };

type BinaryOperator = '&&' | '||' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';
type FunctionName = 'len' | 'isNaN' | 'isInf' | 'abs';

interface Token {
  readonly kind: 'number' | 'identifier' | 'operator' | 'end';
  readonly text: string;
  readonly position: number;
}

const functionNames: ReadonlySet<string> = new Set(['len', 'isNaN', 'isInf', 'abs']);
const operators = [
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '!',
  '+',
  '-',
  '*',
  '/',
  '(',
  ')',
  '[',
  ']',
];
const wordOperators: Readonly<Record<string, string>> = { and: '&&', or: '||', not: '!' };

/**
 * A compiled analysis condition: `evaluate(result)` is true or false, or throws
 * `ConditionError` when the expression does not apply to that value.
 */
export interface Condition {
  /** The expression as written. */
  readonly expression: string;
  evaluate(result: MetricValue): boolean;
}

/**
 * Compiles a condition over a measurement, in the small language of Argo Rollouts'
 * `successCondition`/`failureCondition`: the variable `result` (a number, or a vector
 * indexed as `result[0]`), numbers (`NaN`, `Inf` too), `true`/`false`, arithmetic
 * `+ - * /`, comparisons `< <= > >= == !=`, `&&`/`and`, `||`/`or`, `!`/`not`, parentheses
 * and the functions `len`, `isNaN`, `isInf`, `abs`. It is parsed, never handed to `eval`.
 *
 * @throws ConditionError when the expression does not parse.
 * @example compileCondition('result >= 0.95 && !isNaN(result)').evaluate(0.97) // true
 */
export function compileCondition(expression: string): Condition {
  const root = parse(expression);
  return {
    expression,
    evaluate(result) {
      const value = evaluate(root, result, expression);
      if (typeof value !== 'boolean') {
        throw new ConditionError({
          expression,
          message: `evaluates to ${describe(value)}, not a boolean`,
        });
      }
      return value;
    },
  };
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const char = expression.charAt(index);
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(expression.slice(index));
    if (number !== null) {
      tokens.push({ kind: 'number', text: number[0], position: index });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(index));
    if (word !== null) {
      const operator = wordOperators[word[0]];
      tokens.push(
        operator === undefined
          ? { kind: 'identifier', text: word[0], position: index }
          : { kind: 'operator', text: operator, position: index },
      );
      index += word[0].length;
      continue;
    }
    const operator = operators.find((candidate) => expression.startsWith(candidate, index));
    if (operator === undefined) {
      throw new ConditionError({
        expression,
        message: `unexpected character ${JSON.stringify(char)} at ${index}`,
        position: index,
      });
    }
    tokens.push({ kind: 'operator', text: operator, position: index });
    index += operator.length;
  }
  tokens.push({ kind: 'end', text: '', position: expression.length });
  return tokens;
}

const precedence: readonly (readonly BinaryOperator[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/'],
];

function parse(expression: string): Node {
  const tokens = tokenize(expression);
  let cursor = 0;
  const peek = (): Token => tokens[cursor] as Token;
  const fail = (token: Token, message: string): never => {
    throw new ConditionError({
      expression,
      message: `${message} at ${token.position}`,
      position: token.position,
    });
  };
  const expect = (text: string): void => {
    const token = peek();
    if (token.kind !== 'operator' || token.text !== text)
      fail(token, `expected ${JSON.stringify(text)}`);
    cursor++;
  };

  const parseLevel = (level: number): Node => {
    const ops = precedence[level];
    if (ops === undefined) return parseUnary();
    let left = parseLevel(level + 1);
    for (;;) {
      const token = peek();
      if (token.kind !== 'operator' || !(ops as readonly string[]).includes(token.text))
        return left;
      cursor++;
      const right = parseLevel(level + 1);
      // Comparisons do not chain: `0 < result < 1` would compare a boolean with a number.
      if (level === 2 || level === 3) {
        const next = peek();
        if (next.kind === 'operator' && (ops as readonly string[]).includes(next.text)) {
          fail(next, 'comparisons cannot be chained; join them with &&');
        }
      }
      left = { type: 'binary', operator: token.text as BinaryOperator, left, right };
    }
  };

  const parseUnary = (): Node => {
    const token = peek();
    if (token.kind === 'operator' && token.text === '!') {
      cursor++;
      return { type: 'not', operand: parseUnary() };
    }
    if (token.kind === 'operator' && token.text === '-') {
      cursor++;
      return { type: 'negate', operand: parseUnary() };
    }
    return parsePostfix();
  };

  const parsePostfix = (): Node => {
    let node = parsePrimary();
    while (peek().kind === 'operator' && peek().text === '[') {
      cursor++;
      const index = parseLevel(0);
      expect(']');
      node = { type: 'index', target: node, index };
    }
    return node;
  };

  const parsePrimary = (): Node => {
    const token = peek();
    cursor++;
    if (token.kind === 'number') return { type: 'number', value: Number(token.text) };
    if (token.kind === 'operator' && token.text === '(') {
      const inner = parseLevel(0);
      expect(')');
      return inner;
    }
    if (token.kind === 'identifier') {
      switch (token.text) {
        case 'result':
          return { type: 'result' };
        case 'true':
          return { type: 'boolean', value: true };
        case 'false':
          return { type: 'boolean', value: false };
        case 'NaN':
          return { type: 'number', value: Number.NaN };
        case 'Inf':
          return { type: 'number', value: Number.POSITIVE_INFINITY };
      }
      if (functionNames.has(token.text)) {
        expect('(');
        const argument = parseLevel(0);
        expect(')');
        return { type: 'call', name: token.text as FunctionName, argument };
      }
      return fail(
        token,
        `unknown name ${JSON.stringify(token.text)} (use result, len, isNaN, isInf, abs)`,
      );
    }
    return fail(
      token,
      token.kind === 'end' ? 'unexpected end' : `unexpected ${JSON.stringify(token.text)}`,
    );
  };

  const root = parseLevel(0);
  if (peek().kind !== 'end') fail(peek(), `unexpected ${JSON.stringify(peek().text)}`);
  return root;
}

function describe(value: Value): string {
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return `a vector of ${value.length}`;
}

function evaluate(node: Node, result: MetricValue, expression: string): Value {
  const fail = (message: string): never => {
    throw new ConditionError({ expression, message });
  };
  const number = (child: Node, what: string): number => {
    const value = evaluate(child, result, expression);
    return typeof value === 'number'
      ? value
      : fail(`${what} needs a number, got ${describe(value)}`);
  };
  const boolean = (child: Node, what: string): boolean => {
    const value = evaluate(child, result, expression);
    return typeof value === 'boolean'
      ? value
      : fail(`${what} needs a boolean, got ${describe(value)}`);
  };
  switch (node.type) {
    case 'number':
    case 'boolean':
      return node.value;
    case 'result':
      return result;
    case 'index': {
      const target = evaluate(node.target, result, expression);
      if (typeof target === 'number' || typeof target === 'boolean') {
        return fail(`cannot index ${describe(target)}`);
      }
      const index = number(node.index, 'an index');
      const item = target[index];
      return Number.isInteger(index) && item !== undefined
        ? item
        : fail(`index ${index} is out of range for a vector of ${target.length}`);
    }
    case 'call': {
      if (node.name === 'len') {
        const value = evaluate(node.argument, result, expression);
        return typeof value === 'object'
          ? value.length
          : fail(`len needs a vector, got ${describe(value)}`);
      }
      const value = number(node.argument, node.name);
      if (node.name === 'isNaN') return Number.isNaN(value);
      if (node.name === 'isInf')
        return value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY;
      return Math.abs(value);
    }
    case 'not':
      return !boolean(node.operand, '!');
    case 'negate':
      return -number(node.operand, 'unary -');
    case 'binary': {
      const { operator } = node;
      if (operator === '&&') return boolean(node.left, '&&') && boolean(node.right, '&&');
      if (operator === '||') return boolean(node.left, '||') || boolean(node.right, '||');
      if (operator === '==' || operator === '!=') {
        const left = evaluate(node.left, result, expression);
        const right = evaluate(node.right, result, expression);
        if (typeof left !== typeof right || typeof left === 'object') {
          return fail(`${operator} compares ${describe(left)} with ${describe(right)}`);
        }
        return operator === '==' ? left === right : left !== right;
      }
      const left = number(node.left, operator);
      const right = number(node.right, operator);
      switch (operator) {
        case '<':
          return left < right;
        case '<=':
          return left <= right;
        case '>':
          return left > right;
        case '>=':
          return left >= right;
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return left / right;
      }
    }
  }
}
