// The one test preset every package uses. Node by default; `edge` runs the same files under edge-runtime.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const setupFile = fileURLToPath(new URL('./test-setup.mjs', import.meta.url));

/**
 * @param {{ environment?: 'node' | 'edge-runtime', include?: string[], exclude?: string[], testTimeout?: number }} [options]
 * @returns {import('vitest/config').UserConfig}
 */
export function testConfig(options = {}) {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  return {
    // The tests run the sources as the Node build does (see libraryConfig in tsup.preset.mjs).
    define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version), __NODE_BUILD__: 'true' },
    test: {
      environment: options.environment ?? 'node',
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      exclude: options.exclude ?? ['**/node_modules/**', '**/dist/**'],
      setupFiles: [setupFile],
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 30_000,
      reporters: ['default'],
    },
  };
}
