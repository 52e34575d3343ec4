import {
  ConfigError,
  DagnosticsError,
  DataFormatError,
  EmptyInputError,
  InvalidArgumentError,
} from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { JournalError } from '../journal/journal-error';
import { SyncError } from './sync-error';

describe('SyncError', () => {
  const error = new SyncError({
    message: 'bad',
    code: 'SYNC_PARENT_NOT_SYNCED',
    sessionId: 's',
    localRunId: 'r',
    isRetryable: true,
  });

  it('has a stable name, its fields, and is a DagnosticsError', () => {
    expect(error.name).toBe('DagnosticsSyncError');
    expect(DagnosticsError.isInstance(error)).toBe(true);
    expect(error.toJSON()).toMatchObject({
      name: 'DagnosticsSyncError',
      code: 'SYNC_PARENT_NOT_SYNCED',
      sessionId: 's',
      localRunId: 'r',
      isRetryable: true,
    });
  });

  it('isInstance rejects its siblings, and theirs reject it', () => {
    const siblings = [
      new JournalError({ message: 'bad', path: 'p', operation: 'read' }),
      new ConfigError({ message: 'bad', option: 'x', source: 'option' }),
      new DataFormatError({ message: 'bad', format: 'jsonl' }),
      new EmptyInputError({ message: 'bad', argument: 'x' }),
      new InvalidArgumentError({ message: 'bad', argument: 'x' }),
    ];
    for (const sibling of siblings) {
      expect(SyncError.isInstance(sibling)).toBe(false);
      expect((sibling.constructor as typeof DagnosticsError).isInstance(error)).toBe(false);
    }
  });
});
