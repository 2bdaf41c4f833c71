// The workspace's built emulator, started for a bench and trusted by the child processes it serves.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { paths } from '../paths.mjs';
import { benchFolder, removeBenchFolder } from '../temporary-folder.mjs';

// Loaded by path: the tooling package cannot depend on the emulator, which depends on the tooling.
async function loadEmulator() {
  const dir = join(paths.packages, 'emulator');
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entry = join(dir, exports['.'].import.default);
  if (!existsSync(entry)) throw new Error(`@identity/emulator is not built (${entry} is missing)`);
  try {
    return await import(pathToFileURL(entry).href);
  } catch (error) {
    throw new Error(`cannot load @identity/emulator from ${entry}: ${error.message}`);
  }
}

/**
 * Runs `use(emulator, caFile)` against a fresh https emulator and always stops it. `options` go to `startEmulator`
 * (such as `deviceCodeIntervalSeconds`). The CA file is removed with the emulator's stop.
 */
export async function withEmulator(use, options = {}) {
  const { startEmulator } = await loadEmulator();
  const emulator = await startEmulator({ ...options, https: true });
  const dir = benchFolder('bench-ca');
  try {
    const caFile = join(dir, 'emulator-ca.pem');
    writeFileSync(caFile, emulator.caCertificate);
    return await use(emulator, caFile);
  } finally {
    await emulator.stop();
    removeBenchFolder(dir);
  }
}
