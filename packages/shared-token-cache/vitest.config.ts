import { testConfig } from '@identity/tooling/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(testConfig());
