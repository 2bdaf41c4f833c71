import { testConfig } from '@identity/tooling/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(testConfig({ environment: 'edge-runtime', include: ['src/**/*.edge.test.ts'] }));
