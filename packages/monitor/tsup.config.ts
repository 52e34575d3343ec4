import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'drift/index': 'src/drift/index.ts',
    'detectors/index': 'src/detectors/index.ts',
    'performance/index': 'src/performance/index.ts',
    'prometheus/index': 'src/prometheus/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
