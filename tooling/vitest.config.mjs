// The tooling's own tests (convention and leak checkers, bench harness, test helpers), run as a project of the
// root suite.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'tooling',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['scripts/**/*.test.mjs', 'bench/**/*.test.mjs', 'vitest/**/*.test.mjs'],
    exclude: ['**/__fixtures__/**', '**/node_modules/**'],
    setupFiles: [fileURLToPath(new URL('./vitest/test-temporary-folder-setup.mjs', import.meta.url))],
  },
});
