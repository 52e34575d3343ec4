import { describe, expect, it } from 'vitest';
import * as arrowHelpers from './index';

describe('@dagnostics/core/arrow', () => {
  it('exports exactly its documented runtime symbols', () => {
    expect(Object.keys(arrowHelpers).sort()).toEqual([
      'columnNames',
      'defaultCsvNullValues',
      'iterateJsonLines',
      'numericColumn',
      'readArrowIpc',
      'readArrowIpcFile',
      'readCsv',
      'readJsonLines',
      'stringColumn',
      'tableFromColumns',
      'tableFromRows',
      'writeArrowIpc',
      'writeArrowIpcFile',
      'writeCsv',
      'writeCsvFile',
      'writeJsonLines',
    ]);
  });

  it('freezes the default CSV null values', () => {
    expect(Object.isFrozen(arrowHelpers.defaultCsvNullValues)).toBe(true);
  });
});
