// One member of the default chain, built only when the chain first needs it: its package is imported then,
// and a member that cannot be built stands in the chain as a placeholder that reports why when reached.
import type {
  AccessToken,
  Environment,
  GetTokenOptions,
  TokenCredential,
  TokenCredentialOptions,
} from '@identity/core';
import { CredentialUnavailableError, isUnavailable } from '@identity/core';
import { splitTroubleshooting, troubleshooting } from '@identity/core/internal';
import type { DefaultChainCredentialName } from './default-azure-credential-options.js';

/**
 * What every member factory receives: the chain's options, resolved once when the chain is created.
 *
 * @example
 * ```ts
 * const create = async (settings: DefaultChainSettings) =>
 *   new (await import('@identity/azure-cli')).AzureCliCredential({ tenantId: settings.tenantId, env: settings.env });
 * ```
 */
export interface DefaultChainSettings {
  /** The options every credential takes (`authorityHost`, `env`, `fetch`, `clock`, ...), `env` resolved. */
  credentialOptions: TokenCredentialOptions & { env: Environment };
  env: Environment;
  tenantId: string | undefined;
  /** The user-assigned managed identity, when one is named; at most one key is set. */
  managedIdentity: { clientId?: string; resourceId?: string; objectId?: string };
  workloadIdentityClientId: string | undefined;
  processTimeoutInMs: number | undefined;
  /** Managed identity probes IMDS first: on, unless it is the chain's only member. */
  probe: boolean;
}

/**
 * A member of the chain: its name and a factory that imports its package and builds it.
 *
 * @example
 * ```ts
 * const member: DefaultChainMember = {
 *   name: 'AzureCliCredential',
 *   create: async (settings) => new (await import('@identity/azure-cli')).AzureCliCredential({ env: settings.env }),
 *   headStart: true,
 * };
 * ```
 */
export interface DefaultChainMember {
  name: DefaultChainCredentialName;
  create(settings: DefaultChainSettings): Promise<TokenCredential>;
  /**
   * The member only runs a local tool, so it may start before its turn while an earlier member is slow to
   * answer; the chain still returns the first token in chain order, and stops work it does not need.
   */
  headStart?: boolean;
}

// The message of an unavailable member always starts with its name, so the final error reads as a list.
function named(name: string, error: Error): Error {
  if (error.message.startsWith(name)) return error;
  return new CredentialUnavailableError(`${name}: ${error.message}`, { cause: error });
}

/**
 * A member that could not be built: reached, it reports why, so the chain moves on and the final error says it.
 *
 * @example
 * ```ts
 * const placeholder = new UnavailableMember('AzureCliCredential', new Error('processTimeoutInMs must be positive'));
 * await placeholder.getToken('https://vault.azure.net/.default'); // throws CredentialUnavailableError
 * ```
 */
export class UnavailableMember implements TokenCredential {
  readonly #error: Error;

  constructor(name: DefaultChainCredentialName, cause: unknown) {
    // The member's own pointer (say, to tenant-id) says what to fix: it stays the one pointer of the message.
    const [message, anchor = 'default-azure-credential'] = splitTroubleshooting(
      cause instanceof Error ? cause.message : String(cause),
    );
    this.#error = isUnavailable(cause)
      ? named(name, cause as Error)
      : new CredentialUnavailableError(
          `${name} could not be created: ${message} Fix its configuration, or leave it out with the exclude${name} option. ${troubleshooting(anchor)}`,
          { cause },
        );
  }

  async getToken(): Promise<AccessToken> {
    throw this.#error;
  }
}

/**
 * A member as the chain holds it: built on first use, named in every unavailable error it throws.
 *
 * @example
 * ```ts
 * const credential = new DefaultChainMemberCredential(member, settings);
 * await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class DefaultChainMemberCredential implements TokenCredential {
  readonly member: DefaultChainMember;
  readonly #settings: DefaultChainSettings;
  #built: Promise<TokenCredential> | undefined;

  constructor(member: DefaultChainMember, settings: DefaultChainSettings) {
    this.member = member;
    this.#settings = settings;
  }

  /** The member's class name. */
  get name(): DefaultChainCredentialName {
    return this.member.name;
  }

  /** The built member (or its placeholder); the package is imported on the first call only. */
  credential(): Promise<TokenCredential> {
    this.#built ??= this.member
      .create(this.#settings)
      .catch((error: unknown): TokenCredential => new UnavailableMember(this.member.name, error));
    return this.#built;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const credential = await this.credential();
    let token: AccessToken | null;
    try {
      token = await credential.getToken(scopes, options);
    } catch (error) {
      throw isUnavailable(error) ? named(this.name, error as Error) : error;
    }
    if (!token) {
      throw new CredentialUnavailableError(
        `${this.name} returned no token. ${troubleshooting('default-azure-credential')}`,
      );
    }
    return token;
  }
}
