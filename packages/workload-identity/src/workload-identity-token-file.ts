// The projected service account token: the kubelet rewrites the file well before its token expires (at 80%
// of its lifetime), while Entra access tokens live a day. Reading the file once is why pods of other
// libraries fail after 24 hours; this reader goes back to the file every five minutes, and whenever the
// credential says Entra found the token expired.
import type { Clock } from '@identity/core';
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';

/**
 * How long a read of the token file is trusted: the same five minutes as `@azure/identity`.
 *
 * @example
 * ```ts
 * await clock.advance(TOKEN_FILE_MAX_AGE_MS); // the next token request re-reads the file
 * ```
 */
export const TOKEN_FILE_MAX_AGE_MS = 5 * 60_000;

/**
 * Reads a file as UTF-8 text.
 *
 * @example
 * ```ts
 * const readText: ReadTextFile = (path) => Deno.readTextFile(path);
 * ```
 */
export type ReadTextFile = (path: string) => Promise<string>;

const CREDENTIAL = 'WorkloadIdentityCredential';
const ANCHOR = 'workload-identity-credential';

// Where there is no reader (the portable entry on a runtime without files), the read fails with this reason.
const noFileSystem: ReadTextFile = async () => {
  throw new Error('this runtime has no file system; run on Node.js, Deno or Bun');
};

/**
 * The federated token file, read with `readText` (the `node` entry's credential passes node:fs) when the last
 * read is older than five minutes, or after {@link FederatedTokenFile.invalidate}. Concurrent reads share one.
 *
 * @example
 * ```ts
 * const file = new FederatedTokenFile('/var/run/secrets/azure/tokens/azure-identity-token', systemClock, readText);
 * const assertion = await file.read();
 * ```
 */
export class FederatedTokenFile {
  readonly #path: string;
  readonly #clock: Clock;
  readonly #readText: ReadTextFile;
  #current: { token: string; readAt: number } | undefined;
  #reading: Promise<string> | undefined;

  constructor(path: string, clock: Clock, readText: ReadTextFile = noFileSystem) {
    this.#path = path;
    this.#clock = clock;
    this.#readText = readText;
  }

  /** The token: the one read last while it is fresh, else the file's current content. */
  read(): Promise<string> {
    const current = this.#current;
    if (current && this.#clock.now() - current.readAt < TOKEN_FILE_MAX_AGE_MS) {
      return Promise.resolve(current.token);
    }
    this.#reading ??= this.#readFile().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  /** Forgets the token read last, so the next {@link FederatedTokenFile.read} goes to the file. */
  invalidate(): void {
    this.#current = undefined;
  }

  async #readFile(): Promise<string> {
    let text: string;
    try {
      text = await this.#readText(this.#path);
    } catch (cause) {
      const reason = (cause as { code?: string }).code ?? (cause as Error).message;
      throw new CredentialUnavailableError(
        `${CREDENTIAL}: the federated token file "${this.#path}" (AZURE_FEDERATED_TOKEN_FILE) could not be read (${reason}). ${troubleshooting(ANCHOR)}`,
        { cause },
      );
    }
    const token = text.trim();
    if (!token) {
      throw new CredentialUnavailableError(
        `${CREDENTIAL}: the federated token file "${this.#path}" (AZURE_FEDERATED_TOKEN_FILE) is empty. ${troubleshooting(ANCHOR)}`,
      );
    }
    this.#current = { token, readAt: this.#clock.now() };
    return token;
  }
}
