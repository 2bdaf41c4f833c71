import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { namedPipe, temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { describe, expect, it } from 'vitest';
import { createAzureProxyFetch } from './workload-identity-azure-proxy.js';
import { readSmallFile } from './workload-identity-small-file.js';

const folder = temporaryFolder('wi-small-file');
const hasPipes = process.platform !== 'win32';

// A named pipe nobody writes to, in the folder.
const pipeNamed = (name: string): string => namedPipe(join(folder, name));

// The path of `name` in the folder, once `make` has made it.
function made(name: string, make: (path: string) => unknown): string {
  const path = join(folder, name);
  make(path);
  return path;
}

describe('readSmallFile', () => {
  it('reads a regular file of up to 1 MiB', async () => {
    const path = join(folder, 'token');
    writeFileSync(path, 'x'.repeat(2 ** 20));
    await expect(readSmallFile(path)).resolves.toHaveLength(2 ** 20);
  });

  it.each([
    ['a file over 1 MiB', () => made('big', (path) => writeFileSync(path, 'x'.repeat(2 ** 20 + 1)))],
    ['a folder', () => made('dir', (path) => mkdirSync(path, { recursive: true }))],
    ...(hasPipes
      ? [
          ['a named pipe', () => pipeNamed('pipe')],
          ['a device', () => '/dev/zero'],
        ]
      : []),
  ] as [string, () => string][])('refuses %s without reading it', async (_, path) => {
    await expect(readSmallFile(path())).rejects.toThrow('not a regular file of at most 1 MiB');
  });

  it.runIf(hasPipes)(
    'keeps the AKS proxy from waiting on a CA file that is a named pipe: unavailable at once',
    async () => {
      const proxyFetch = createAzureProxyFetch({
        proxyUrl: 'https://127.0.0.1:9',
        caFile: pipeNamed('ca-pipe'),
      });
      await expect(
        proxyFetch('https://login.microsoftonline.com/t/oauth2/v2.0/token', { method: 'POST' }),
      ).rejects.toMatchObject({
        code: 'CREDENTIAL_UNAVAILABLE',
        message: expect.stringContaining('cannot be read'),
      });
    },
  );
});
