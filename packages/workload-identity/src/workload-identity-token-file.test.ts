import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialUnavailableError } from '@identity/core';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { manualClock } from '@identity/tooling/test-world';
import { describe, expect, it, vi } from 'vitest';
import { FederatedTokenFile, TOKEN_FILE_MAX_AGE_MS } from './workload-identity-token-file.js';

// node:fs, as the Node entry's credential reads the file.
const readText = (path: string) => readFile(path, 'utf8');

function tempFile(content: string): string {
  const path = join(temporaryFolder('wi-token'), 'token');
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

describe('FederatedTokenFile', () => {
  it('reads the file from disk, trimmed', async () => {
    const file = new FederatedTokenFile(tempFile('  token-1\n'), manualClock(), readText);
    await expect(file.read()).resolves.toBe('token-1');
  });

  it('serves the last read for five minutes, then reads the file again', async () => {
    const clock = manualClock();
    const reader = vi.fn(async () => `token-${reader.mock.calls.length}`);
    const file = new FederatedTokenFile('/token', clock, reader);
    expect(await file.read()).toBe('token-1');
    await clock.advance(TOKEN_FILE_MAX_AGE_MS - 1);
    expect(await file.read()).toBe('token-1');
    await clock.advance(1);
    expect(await file.read()).toBe('token-2');
    expect(reader).toHaveBeenCalledTimes(2);
  });

  it('reads again at once after invalidate', async () => {
    const reader = vi.fn(async () => 'token');
    const file = new FederatedTokenFile('/token', manualClock(), reader);
    await file.read();
    file.invalidate();
    await file.read();
    expect(reader).toHaveBeenCalledTimes(2);
  });

  it('shares one read between concurrent callers', async () => {
    const reader = vi.fn(async () => 'token');
    const file = new FederatedTokenFile('/token', manualClock(), reader);
    await Promise.all([file.read(), file.read(), file.read()]);
    expect(reader).toHaveBeenCalledTimes(1);
  });

  it('is unavailable, naming the file and AZURE_FEDERATED_TOKEN_FILE, when the file is missing', async () => {
    const path = join(tmpdir(), 'no-such-dir-for-wi', 'token');
    const error = await new FederatedTokenFile(path, manualClock(), readText).read().catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`"${path}" (AZURE_FEDERATED_TOKEN_FILE) could not be read (ENOENT)`);
  });

  it('is unavailable when the file is empty', async () => {
    const error = await new FederatedTokenFile(tempFile(' \n'), manualClock(), readText)
      .read()
      .catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/\(AZURE_FEDERATED_TOKEN_FILE\) is empty/);
  });

  it('without a reader (a runtime without files), says why it cannot read the file', async () => {
    const error = await new FederatedTokenFile(tempFile('token'), manualClock()).read().catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(
      'could not be read (this runtime has no file system; run on Node.js, Deno or Bun)',
    );
  });
});
