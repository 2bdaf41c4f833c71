import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthenticationError } from '@identity/core';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, describe, expect, it } from 'vitest';
import {
  arcChallengeKey,
  defaultArcTokenDirectory,
  readArcKeyFile,
} from './managed-identity-arc-key-file.js';

const root = temporaryFolder('arc-test');
const tokens = join(root, 'tokens');
mkdirSync(tokens);
const key = testSecret('arc-key');
writeFileSync(join(tokens, 'good.key'), key, { mode: 0o600 });
writeFileSync(join(tokens, 'big.key'), 'x'.repeat(4097));
writeFileSync(join(tokens, 'note.txt'), 'not a key');
writeFileSync(join(root, 'outside.key'), 'outside');
symlinkSync(join(root, 'outside.key'), join(tokens, 'escape.key'));
symlinkSync(join(tokens, 'note.txt'), join(tokens, 'disguised.key'));
mkdirSync(join(tokens, 'folder.key'));
// A key file as an editor saves it, with a final line break.
writeFileSync(join(tokens, 'edited.key'), `${key}\n`, { mode: 0o600 });
// A named pipe: opening it for reading waits for a writer, for ever.
const pipe = join(tokens, 'pipe.key');
const hasPipes = process.platform !== 'win32';
if (hasPipes) execFileSync('mkfifo', [pipe]);
afterAll(() => {
  // Releases a read that did wait on the pipe (before the fix), so the worker can exit.
  if (hasPipes) {
    try {
      closeSync(openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {}
  }
  rmSync(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('readArcKeyFile', () => {
  it('reads a .key file inside the token folder', async () => {
    await expect(readArcKeyFile(join(tokens, 'good.key'), tokens)).resolves.toBe(key);
  });

  it.each([
    ['a relative path', 'good.key', /absolute/],
    ['a path with ..', `${tokens}/../outside.key`, /"\.\."/],
    ['a file that is not .key', join(tokens, 'note.txt'), /\.key/],
    ['a file outside the folder', join(root, 'outside.key'), /outside the token folder/],
    ['a symbolic link out of the folder', join(tokens, 'escape.key'), /outside the token folder/],
    ['a .key link to a file that is not .key', join(tokens, 'disguised.key'), /not a \.key file/],
    ['a file over 4096 bytes', join(tokens, 'big.key'), /4096/],
    ['a folder', join(tokens, 'folder.key'), /regular file/],
    ['a missing file', join(tokens, 'missing.key'), /cannot be resolved/],
    // Refused at once: a read that waits for a writer would hang getToken and hold one of libuv's few threads.
    ...(hasPipes ? [['a named pipe', pipe, /regular file/]] : []),
  ] as [string, string, RegExp][])(
    'refuses %s with a clear AuthenticationError',
    async (_, realm, reason) => {
      const error = await refusal(readArcKeyFile(realm, tokens));
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(reason);
      expect(error.message).not.toContain(key);
    },
  );

  it('sends the key without the line break an editor leaves at its end (a header cannot carry one)', async () => {
    await expect(readArcKeyFile(join(tokens, 'edited.key'), tokens)).resolves.toBe(key);
  });
});

describe('arcChallengeKey', () => {
  it('reads the realm of the WWW-Authenticate header', async () => {
    await expect(arcChallengeKey(`Basic realm=${join(tokens, 'good.key')}`, tokens, {})).resolves.toBe(key);
  });

  it('refuses a challenge without a Basic realm', async () => {
    await expect(arcChallengeKey(null, tokens, {})).rejects.toThrow(/WWW-Authenticate/);
    await expect(arcChallengeKey('Bearer realm=x', tokens, {})).rejects.toThrow(/WWW-Authenticate/);
  });
});

describe('defaultArcTokenDirectory', () => {
  it("is the agent's folder on Linux and Windows, and nothing elsewhere", () => {
    expect(defaultArcTokenDirectory({}, 'linux')).toBe('/var/opt/azcmagent/tokens');
    expect(defaultArcTokenDirectory({ ProgramData: 'D:\\Data' }, 'win32')).toBe(
      'D:\\Data\\AzureConnectedMachineAgent\\Tokens',
    );
    expect(defaultArcTokenDirectory({}, 'darwin')).toBeUndefined();
  });
});
