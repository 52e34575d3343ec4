// The golden-fixture helpers are core's; this is the path tune's tests import them by.
export { expectClose, type GoldenDocument, readGolden } from '../../../core/test/support/golden';
