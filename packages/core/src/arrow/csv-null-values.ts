/**
 * The unquoted CSV fields `readCsv` reads as null unless told otherwise: the empty field,
 * `NA`, `N/A`, `NULL` and `null`. pandas' default list is longer (it adds `#N/A`, `<NA>`,
 * `None`, `n/a`, `nan`, `NaN`, `-NaN`, `1.#IND` and a few more); `NaN` and `nan` are left
 * out here on purpose, because Arrow keeps a NaN value apart from a null and a float
 * column written by `writeCsv` spells NaN as `NaN`. A quoted field is never null, so
 * `""` is the empty string.
 */
export const defaultCsvNullValues: readonly string[] = Object.freeze([
  '',
  'NA',
  'N/A',
  'NULL',
  'null',
]);
