import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources through the `@dagnostics/source` export
// condition, so no build is needed; the exports smoke test checks the built output.
// The rest are Vite's default server conditions, which a custom list replaces.
const conditions = ['@dagnostics/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    globalSetup: ['./scripts/test-env/global-setup.ts'],
    restoreMocks: true,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
