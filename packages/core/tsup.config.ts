import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'stats/index': 'src/stats/index.ts',
    'arrow/index': 'src/arrow/index.ts',
    'validate/index': 'src/validate/index.ts',
    'version/index': 'src/version/index.ts',
    'lineage/index': 'src/lineage/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
