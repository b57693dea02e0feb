import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    reporters: ['default', './tests/support/count-reporter.ts'],
    testTimeout: 60_000,
  },
});
