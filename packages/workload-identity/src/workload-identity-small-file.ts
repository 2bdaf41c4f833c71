// Node only. The files this credential is pointed at by variables (the service account token, the AKS proxy's CA)
// are small regular files; anything else fails at once: a named pipe would wait for a writer for ever, a device or
// a huge file fill memory (and, for the token, be sent to Entra). The check is on the opened file, so a path
// swapped between a check and the read cannot slip past it.
import { constants, open } from 'node:fs/promises';

/**
 * Reads a regular file of at most 1 MiB as UTF-8 text; rejects anything else before reading from it.
 *
 * @example
 * ```ts
 * const token = await readSmallFile('/var/run/secrets/azure/tokens/azure-identity-token');
 * ```
 */
export async function readSmallFile(path: string): Promise<string> {
  // Non-blocking, so a FIFO opens at once (to be refused) instead of waiting for a writer; Windows has neither the
  // flag nor FIFOs (undefined flags open for reading).
  const file = await open(path, constants.O_NONBLOCK);
  try {
    const stats = await file.stat();
    if (!stats.isFile() || stats.size > 2 ** 20) throw new Error('not a regular file of at most 1 MiB');
    return await file.readFile('utf8');
  } finally {
    await file.close();
  }
}
