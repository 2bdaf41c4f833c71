// Node only. The files this credential is pointed at by variables (the service account token, the AKS proxy's CA)
// are small regular files; anything else fails at once, before it is opened: a named pipe would wait for a writer
// for ever, a device or a huge file fill memory (and, for the token, be sent to Entra).
import { readFile, stat } from 'node:fs/promises';

/**
 * Reads a regular file of at most 1 MiB as UTF-8 text; rejects anything else without opening it.
 *
 * @example
 * ```ts
 * const token = await readSmallFile('/var/run/secrets/azure/tokens/azure-identity-token');
 * ```
 */
export async function readSmallFile(path: string): Promise<string> {
  const stats = await stat(path);
  if (!stats.isFile() || stats.size > 2 ** 20) throw new Error('not a regular file of at most 1 MiB');
  return readFile(path, 'utf8');
}
