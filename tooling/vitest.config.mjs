// The tooling's own tests (convention and leak checkers, bench harness), run as a project of the root suite.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'tooling',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['scripts/**/*.test.mjs', 'bench/**/*.test.mjs'],
    exclude: ['**/__fixtures__/**', '**/node_modules/**'],
  },
});
