import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{spec,cpu,reference-kernel,conformance,fuzz,reports,cli,bench}/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
