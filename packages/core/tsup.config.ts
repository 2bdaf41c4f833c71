import { libraryConfig } from '@identity/tooling/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(() =>
  libraryConfig({
    entry: ['src/index.ts', 'src/internal.ts', 'src/internal.node.ts', 'src/node.ts', 'src/node-process.ts'],
    // The portable code, once, in dist/shared.js: Node loads 3 of core's files at import instead of 8.
    shared: ['src/index.ts', 'src/internal.ts'],
  }),
);
