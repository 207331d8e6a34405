import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The receiver examples import the package entry as users do; in the repository it is the source.
  resolve: { alias: { 'vouchsafe/receiver': fileURLToPath(new URL('./src/receiver.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Two test files at a time: on a 2-core machine the default is one, and most files spend their time
    // waiting on child processes, sockets and databases rather than on the CPU.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
