import {
  ConfigError,
  DagnosticsError,
  DataFormatError,
  EmptyInputError,
  InvalidArgumentError,
} from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from '../search/filter-syntax-error';
import { JournalError, journalIoError } from './journal-error';

describe('JournalError', () => {
  const error = new JournalError({
    message: 'bad',
    path: '/data/journal/s.jsonl',
    operation: 'parse',
    code: 'JOURNAL_CORRUPT',
    line: 3,
  });

  it('has a stable name, its fields, and is a DagnosticsError', () => {
    expect(error.name).toBe('DagnosticsJournalError');
    expect(DagnosticsError.isInstance(error)).toBe(true);
    expect(error.toJSON()).toMatchObject({
      name: 'DagnosticsJournalError',
      code: 'JOURNAL_CORRUPT',
      path: '/data/journal/s.jsonl',
      operation: 'parse',
      line: 3,
    });
  });

  it('isInstance rejects its siblings, and theirs reject it', () => {
    const siblings = [
      new FilterSyntaxError({ message: 'bad', input: 'x', position: 0 }),
      new ConfigError({ message: 'bad', option: 'x', source: 'option' }),
      new DataFormatError({ message: 'bad', format: 'jsonl' }),
      new EmptyInputError({ message: 'bad', argument: 'x' }),
      new InvalidArgumentError({ message: 'bad', argument: 'x' }),
    ];
    for (const sibling of siblings) {
      expect(JournalError.isInstance(sibling), sibling.name).toBe(false);
    }
    expect(FilterSyntaxError.isInstance(error)).toBe(false);
    expect(InvalidArgumentError.isInstance(error)).toBe(false);
    expect(DataFormatError.isInstance(error)).toBe(false);
    expect(JournalError.isInstance(new Error('x'))).toBe(false);
  });

  it.each([
    ['ENOSPC', /Free disk space/, true],
    ['EDQUOT', /quota/, true],
    ['EACCES', /writable/, false],
    ['EROFS', /read-only/, false],
    ['EMFILE', /ulimit/, true],
    ['EIO', /disk may be failing/, false],
  ])('says what to do about %s', (code, advice, isRetryable) => {
    const cause = Object.assign(new Error('raw'), { code });
    const wrapped = journalIoError('write', '/j.jsonl', 'append 1 record(s) to', cause);
    expect(wrapped.message).toMatch(advice);
    expect(wrapped.message).toMatch(/^Could not append 1 record\(s\) to \/j\.jsonl: /);
    expect(wrapped).toMatchObject({
      systemCode: code,
      isRetryable,
      operation: 'write',
      path: '/j.jsonl',
    });
    expect(wrapped.cause).toBe(cause);
  });
});
