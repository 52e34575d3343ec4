// The golden-fixture helpers are core's; this is the path registry's tests import them by.
export { expectClose, type GoldenDocument, readGolden } from '../../../core/test/support/golden';
