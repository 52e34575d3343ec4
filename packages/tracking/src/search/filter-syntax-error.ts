import { InvalidArgumentError } from '@dagnostics/core';

/**
 * A filter or order-by string does not follow MLflow's search grammar. `position` is the
 * 0-based offset in `input` where the problem was found; the message shows it with a caret.
 */
export class FilterSyntaxError extends InvalidArgumentError {
  static override readonly errorName: string = 'DagnosticsFilterSyntaxError';

  /** 0-based character offset in `input` where parsing stopped. */
  readonly position: number;
  /** The string that was parsed. */
  readonly input: string;

  constructor(options: {
    message: string;
    input: string;
    position: number;
    argument?: 'filter' | 'orderBy';
  }) {
    const argument = options.argument ?? 'filter';
    super({
      message: `Invalid ${argument === 'filter' ? 'filter' : 'order-by clause'}: ${options.message} (position ${options.position}).\n  ${options.input}\n  ${' '.repeat(options.position)}^`,
      argument,
      code: 'FILTER_SYNTAX',
    });
    this.position = options.position;
    this.input = options.input;
  }
}
