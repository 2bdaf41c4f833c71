import { libraryConfig } from '@identity/tooling/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(
  libraryConfig({ entry: ['src/index.ts', 'src/cli.ts', 'src/emulator-x509.ts', 'src/emulator-vitest.ts'] }),
);
