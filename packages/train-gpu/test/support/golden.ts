export { expectClose, type GoldenDocument, readGolden } from '../../../core/test/support/golden';
