// The golden-fixture reader and tolerance check are shared with @dagnostics/core's tests.
export { expectClose, type GoldenDocument, readGolden } from '../../../core/test/support/golden';
