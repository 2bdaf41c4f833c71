// Azurite's Blob service as a child process on a free loopback port, with OAuth over HTTPS (Azurite accepts
// bearer tokens only over HTTPS). Everything is in memory, telemetry is off, and it stops with the test.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';

/**
 * Azurite's well-known development account (its name is what an account-scoped audience names).
 *
 * @example
 * ```ts
 * getBlobServiceAccountAudience(AZURITE_ACCOUNT); // 'https://devstoreaccount1.blob.core.windows.net/.default'
 * ```
 */
export const AZURITE_ACCOUNT = 'devstoreaccount1';

/**
 * A running Azurite Blob service.
 *
 * @example
 * ```ts
 * const azurite = await startAzurite(tls);
 * new BlobServiceClient(azurite.blobEndpoint, credential, options);
 * await azurite.stop();
 * ```
 */
export interface RunningAzurite {
  /** `https://127.0.0.1:PORT/devstoreaccount1`: the account's Blob endpoint (path-style, as Azurite serves it). */
  blobEndpoint: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 20_000;
const LISTENING = /successfully listens on (https:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts Azurite's Blob service with `--oauth basic` over HTTPS with the given certificate and key, and
 * resolves once it listens. Rejects with Azurite's own output when it exits or does not start in time.
 *
 * @example
 * ```ts
 * const azurite = await startAzurite(await createSelfSignedTls());
 * ```
 */
export async function startAzurite(tls: {
  certificate: string;
  privateKey: string;
}): Promise<RunningAzurite> {
  const folder = temporaryFolder('azurite');
  const certificatePath = join(folder, 'cert.pem');
  const keyPath = join(folder, 'key.pem');
  writeFileSync(certificatePath, tls.certificate, { mode: 0o600 });
  writeFileSync(keyPath, tls.privateKey, { mode: 0o600 });
  const main = join(
    dirname(createRequire(import.meta.url).resolve('azurite/package.json')),
    'dist/src/blob/main.js',
  );
  const child = spawn(
    process.execPath,
    [
      main,
      ['--blobHost', '127.0.0.1'],
      ['--blobPort', '0'],
      ['--oauth', 'basic'],
      ['--cert', certificatePath],
      ['--key', keyPath],
      // The SDK may speak a newer storage API version than this Azurite knows.
      '--skipApiVersionCheck',
      '--inMemoryPersistence',
      ['--extentMemoryLimit', '64'],
      // Azurite would otherwise send usage data off the machine.
      '--disableTelemetry',
      '--silent',
    ].flat(),
    { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const cleanUp = () => rmSync(folder, { recursive: true, force: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let output = '';
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Azurite did not start in ${STARTUP_TIMEOUT_MS} ms:\n${output}`)),
        STARTUP_TIMEOUT_MS,
      );
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const listening = LISTENING.exec(output);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]!);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      child.once('exit', (code) => fail(new Error(`Azurite exited with code ${code}:\n${output}`)));
      child.once('error', fail);
    });
    return {
      blobEndpoint: `${origin}/${AZURITE_ACCOUNT}`,
      async stop() {
        child.kill('SIGTERM');
        await exited;
        cleanUp();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw error;
  }
}
