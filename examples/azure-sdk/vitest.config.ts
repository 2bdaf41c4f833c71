import { testConfig } from '@identity/tooling/vitest';
import { defineConfig } from 'vitest/config';

const base = testConfig();

// One emulator for the whole run, as users' own suites start it: its details reach the test files through
// inject('identityEmulator').
export default defineConfig({ ...base, test: { ...base.test, globalSetup: ['@identity/emulator/vitest'] } });
