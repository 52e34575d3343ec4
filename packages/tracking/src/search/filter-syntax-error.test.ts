import {
  ConfigError,
  DagnosticsError,
  DataFormatError,
  EmptyInputError,
  InvalidArgumentError,
} from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { JournalError } from '../journal/journal-error';
import { FilterSyntaxError } from './filter-syntax-error';

const filterError = new FilterSyntaxError({ message: 'bad', input: 'metrics.a ?', position: 10 });
const journalError = new JournalError({ message: 'bad', path: '/x', operation: 'write' });
const siblings = [
  journalError,
  new ConfigError({ message: 'bad', option: 'x', source: 'option' }),
  new DataFormatError({ message: 'bad', format: 'jsonl' }),
  new EmptyInputError({ message: 'bad', argument: 'x' }),
  new InvalidArgumentError({ message: 'bad', argument: 'x' }),
];

describe('FilterSyntaxError', () => {
  it('has a stable name and is an InvalidArgumentError of the filter argument', () => {
    expect(filterError.name).toBe('DagnosticsFilterSyntaxError');
    expect(FilterSyntaxError.isInstance(filterError)).toBe(true);
    expect(InvalidArgumentError.isInstance(filterError)).toBe(true);
    expect(DagnosticsError.isInstance(filterError)).toBe(true);
    expect(filterError.toJSON()).toMatchObject({
      position: 10,
      argument: 'filter',
      code: 'FILTER_SYNTAX',
    });
  });

  it('isInstance rejects its siblings and plain errors', () => {
    for (const sibling of siblings)
      expect(FilterSyntaxError.isInstance(sibling), sibling.name).toBe(false);
    expect(FilterSyntaxError.isInstance(new Error('x'))).toBe(false);
    expect(FilterSyntaxError.isInstance({ name: 'DagnosticsFilterSyntaxError' })).toBe(false);
  });

  it('is rejected by the isInstance of unrelated classes', () => {
    expect(JournalError.isInstance(filterError)).toBe(false);
    expect(ConfigError.isInstance(filterError)).toBe(false);
    expect(EmptyInputError.isInstance(filterError)).toBe(false);
  });
});
