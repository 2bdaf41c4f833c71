import { libraryConfig } from '@identity/tooling/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(
  libraryConfig({
    entry: ['src/index.ts', 'src/internal.ts', 'src/internal.node.ts', 'src/node.ts', 'src/node-process.ts'],
    shared: ['src/index.ts', 'src/internal.ts'],
  }),
);
