// Node only. Reads the key file Azure Arc's challenge names, refusing anything that is not a small .key file
// inside the agent's token folder: the realm comes from a network answer, so it is untrusted input.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import type { Environment } from '@identity/core';
import { AuthenticationError } from '@identity/core';

/**
 * The largest key file accepted, in bytes.
 *
 * @example
 * ```ts
 * ARC_KEY_FILE_MAX_BYTES; // 4096
 * ```
 */
export const ARC_KEY_FILE_MAX_BYTES = 4096;

/**
 * The agent's token folder on this platform: `/var/opt/azcmagent/tokens` on Linux,
 * `%ProgramData%\AzureConnectedMachineAgent\Tokens` on Windows, `undefined` elsewhere.
 *
 * @example
 * ```ts
 * defaultArcTokenDirectory(process.env); // '/var/opt/azcmagent/tokens' on Linux
 * ```
 */
export function defaultArcTokenDirectory(
  env: Environment,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (platform === 'linux') return '/var/opt/azcmagent/tokens';
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return `${programData}\\AzureConnectedMachineAgent\\Tokens`;
  }
  return undefined;
}

/**
 * Answers an Azure Arc challenge: reads the key file its `WWW-Authenticate: Basic realm=<path>` header names,
 * from `directory` (default: the agent's folder on this platform) and with {@link readArcKeyFile}'s checks.
 *
 * @example
 * ```ts
 * const key = await arcChallengeKey('Basic realm=/var/opt/azcmagent/tokens/1a2b.key', undefined, process.env);
 * ```
 */
export async function arcChallengeKey(
  challenge: string | null,
  directory: string | undefined,
  env: Environment,
): Promise<string> {
  const realm = /^\s*basic\s+realm\s*=\s*"?([^"]+?)"?\s*$/i.exec(challenge ?? '')?.[1];
  if (!realm) throw refuse(String(challenge), 'the 401 has no WWW-Authenticate: Basic realm=<key file>.');
  const folder = directory ?? defaultArcTokenDirectory(env);
  if (!folder)
    throw refuse(realm, 'Azure Arc runs on Linux and Windows only; this platform has no token folder.');
  return readArcKeyFile(realm, folder);
}

function refuse(realm: string, why: string): AuthenticationError {
  return new AuthenticationError(
    401,
    {
      error: 'invalid_challenge',
      error_description: `refused the Azure Arc challenge "${realm.slice(0, 200)}": ${why}`,
    },
    {
      credentialName: 'ManagedIdentityCredential',
      nextStep: 'Only a .key file of at most 4096 bytes inside the Azure Arc agent token folder is read.',
      anchor: 'managed-identity-arc',
    },
  );
}

/**
 * Reads the key file of an Azure Arc challenge after checking it: an absolute path ending in `.key`, without
 * `..`, whose real path (symbolic links resolved) is inside the real path of `directory`, a regular file of at
 * most 4096 bytes (a named pipe or device is refused without waiting on it), returned without surrounding white
 * space. Throws an `AuthenticationError` that names the path and the reason, never the contents.
 *
 * @example
 * ```ts
 * const key = await readArcKeyFile('/var/opt/azcmagent/tokens/1a2b.key', '/var/opt/azcmagent/tokens');
 * ```
 */
export async function readArcKeyFile(realm: string, directory: string): Promise<string> {
  if (!isAbsolute(realm)) throw refuse(realm, 'it is not an absolute path.');
  if (realm.split(/[\\/]/).includes('..')) throw refuse(realm, 'it contains "..".');
  if (!realm.toLowerCase().endsWith('.key')) throw refuse(realm, 'it does not end in ".key".');
  let root: string;
  let file: string;
  try {
    root = await realpath(directory);
    file = await realpath(realm);
  } catch (cause) {
    throw refuse(
      realm,
      `it or the token folder cannot be resolved (${(cause as NodeJS.ErrnoException).code}).`,
    );
  }
  const inside = relative(root, file);
  if (!inside || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw refuse(realm, `it resolves outside the token folder ${directory}.`);
  }
  if (!file.toLowerCase().endsWith('.key'))
    throw refuse(realm, 'it links to a file that is not a .key file.');
  // Read-only (0) and non-blocking: a named pipe opens at once (and is refused below) instead of waiting for a
  // writer for ever.
  const handle = await open(file, constants.O_NONBLOCK).catch((cause: NodeJS.ErrnoException) => {
    throw refuse(realm, `it cannot be opened (${cause.code}).`);
  });
  try {
    // Checked on the opened file, so it cannot be swapped between the check and the read.
    const stats = await handle.stat();
    if (!stats.isFile()) throw refuse(realm, 'it is not a regular file.');
    if (stats.size > ARC_KEY_FILE_MAX_BYTES)
      throw refuse(realm, `it is larger than ${ARC_KEY_FILE_MAX_BYTES} bytes.`);
    // Without the final line break an editor may leave: a header cannot carry it.
    return (await handle.readFile('utf8')).trim();
  } finally {
    await handle.close();
  }
}
