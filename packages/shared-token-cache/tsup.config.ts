import { libraryConfig } from '@identity/tooling/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(libraryConfig({ entry: ['src/index.ts', 'src/internal.ts'] }));
