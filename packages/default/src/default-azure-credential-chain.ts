// The engine of DefaultAzureCredential, shared by the Node and the edge entries (which differ only in their
// members): options resolved and checked once, the members built lazily, core's ChainedTokenCredential for the
// order, the stop-on-failure rule and the remembered winner, and one error that lists every member.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { AggregateAuthenticationError, ChainedTokenCredential, InvalidArgumentError } from '@identity/core';
import {
  defaultEnvironment,
  readVariable,
  troubleshooting,
  validateClientId,
  validateTenantId,
} from '@identity/core/internal';
import { ChainWalk, HEAD_START_DELAY_MS } from './default-azure-credential-head-start.js';
import type { DefaultChainMember, DefaultChainSettings } from './default-azure-credential-member.js';
import { DefaultChainMemberCredential } from './default-azure-credential-member.js';
import type {
  DefaultAzureCredentialOptions,
  DefaultChainCredentialName,
} from './default-azure-credential-options.js';
import type { DefaultChainSelection } from './default-azure-credential-selection.js';
import { checkRequiredEnvVars, selectDefaultChain } from './default-azure-credential-selection.js';

const NAME = 'DefaultAzureCredential';

// The one user-assigned managed identity the options name, if any; AZURE_CLIENT_ID by default.
function managedIdentityOf(
  options: DefaultAzureCredentialOptions,
  env: DefaultChainSettings['env'],
): DefaultChainSettings['managedIdentity'] {
  const { managedIdentityClientId, managedIdentityResourceId, managedIdentityObjectId } = options;
  const given = [managedIdentityClientId, managedIdentityResourceId, managedIdentityObjectId].filter(
    (id) => id !== undefined,
  );
  if (given.length > 1) {
    throw new InvalidArgumentError(
      `${NAME}: pass at most one of managedIdentityClientId, managedIdentityResourceId and managedIdentityObjectId. ${troubleshooting('default-azure-credential')}`,
    );
  }
  if (managedIdentityResourceId !== undefined) return { resourceId: managedIdentityResourceId };
  if (managedIdentityObjectId !== undefined) return { objectId: managedIdentityObjectId };
  const clientId = managedIdentityClientId ?? readVariable(env, 'AZURE_CLIENT_ID');
  return clientId === undefined ? {} : { clientId };
}

function settingsOf(
  options: DefaultAzureCredentialOptions,
  included: readonly DefaultChainMember[],
): DefaultChainSettings {
  const env = options.env ?? defaultEnvironment();
  const tenantId = options.tenantId === undefined ? undefined : validateTenantId(NAME, options.tenantId);
  const workloadIdentityClientId =
    options.workloadIdentityClientId === undefined
      ? undefined
      : validateClientId(NAME, options.workloadIdentityClientId, 'workloadIdentityClientId');
  const managedIdentity = managedIdentityOf(options, env);
  const {
    authorityHost,
    additionallyAllowedTenants,
    disableInstanceDiscovery,
    fetch,
    clock,
    retryOptions,
    requestTimeoutInMs,
    tokenCache,
    proxyOptions,
    loggingOptions,
  } = options;
  return {
    credentialOptions: {
      authorityHost,
      additionallyAllowedTenants,
      disableInstanceDiscovery,
      env,
      fetch,
      clock,
      retryOptions,
      requestTimeoutInMs,
      tokenCache,
      proxyOptions,
      loggingOptions,
    },
    env,
    tenantId,
    managedIdentity,
    workloadIdentityClientId: workloadIdentityClientId ?? managedIdentity.clientId,
    processTimeoutInMs: options.processTimeoutInMs,
    // With nothing to fall back on, managed identity needs no quick probe: it gets its full retry schedule.
    probe: !(included.length === 1 && included[0]?.name === 'ManagedIdentityCredential'),
  };
}

/**
 * The chain behind `DefaultAzureCredential`, for a given list of members. Use `DefaultAzureCredential`; this
 * class is the part the Node and edge entries share.
 *
 * @example
 * ```ts
 * const credential = new DefaultChainCredential({ tenantId }, [environmentMember, azureCliMember]);
 * await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class DefaultChainCredential implements TokenCredential {
  /** Each member of the runtime's chain, and whether this chain includes it (and why not). */
  readonly selection: readonly DefaultChainSelection[];
  /**
   * The chain's members in order, each a credential of its own: asking one directly neither walks the chain
   * nor changes the remembered member (what `identity doctor` does).
   */
  readonly members: readonly DefaultChainMemberCredential[];
  readonly #chain: ChainedTokenCredential;
  readonly #headStartMs: number;
  // The walk each getToken call is on, found by the options object the chain passes to every member.
  readonly #walks = new WeakMap<object, ChainWalk>();

  /**
   * @throws `InvalidArgumentError` for an invalid `AZURE_TOKEN_CREDENTIALS`, a missing `requiredEnvVars`
   * variable, a malformed `tenantId`, two managed identity ids, or a chain left with no member
   */
  constructor(
    options: DefaultAzureCredentialOptions = {},
    members: readonly DefaultChainMember[],
    headStartMs = HEAD_START_DELAY_MS,
  ) {
    const env = options.env ?? defaultEnvironment();
    checkRequiredEnvVars(options.requiredEnvVars, env);
    const runnable = new Set<DefaultChainCredentialName>(members.map((member) => member.name));
    this.selection = selectDefaultChain(options, env).map((choice) =>
      runnable.has(choice.name) || !choice.included
        ? choice
        : { name: choice.name, included: false, reason: 'cannot run on this runtime' },
    );
    const included = members.filter((member) =>
      this.selection.some((choice) => choice.included && choice.name === member.name),
    );
    if (included.length === 0) {
      throw new InvalidArgumentError(
        `${NAME}: no credential is left in the chain (${this.selection.map((choice) => `${choice.name}: ${choice.reason}`).join('; ')}). ${troubleshooting('default-azure-credential')}`,
      );
    }
    const settings = settingsOf(options, included);
    this.members = included.map((member) => new DefaultChainMemberCredential(member, settings));
    this.#headStartMs = headStartMs;
    const seats = this.members.map((member) => new ChainSeat(member, this.#walks));
    this.#chain = new ChainedTokenCredential(...seats, { retrySources: options.retrySources, name: NAME });
  }

  /** The name of the member that returned the remembered token, once one has (and `retrySources` is off). */
  get selectedCredentialName(): DefaultChainCredentialName | undefined {
    return (this.#chain.selectedCredential as ChainSeat | undefined)?.member.name;
  }

  /**
   * Gets a token from the first member, in chain order, that can give one.
   *
   * @throws `AuthenticationError` (or another error) from a member that is configured but fails: the chain
   * stops there; `AggregateAuthenticationError` listing every member and why, when none is available
   */
  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    if (this.#chain.selectedCredential) return this.#chain.getToken(scopes, options);
    const walkOptions = { ...options };
    const walk = new ChainWalk(this.members, scopes, walkOptions, this.#headStartMs);
    this.#walks.set(walkOptions, walk);
    try {
      return await this.#chain.getToken(scopes, walkOptions);
    } catch (error) {
      if (!AggregateAuthenticationError.isInstance(error)) throw error;
      throw new AggregateAuthenticationError(
        error.errors,
        `${NAME}: no credential in the chain could get a token. Set up one of them as its line says, or set AZURE_TOKEN_CREDENTIALS to the one you mean to use. ${troubleshooting('default-azure-credential')}\nEach credential, in chain order:`,
      );
    } finally {
      walk.end();
    }
  }
}

// A member's place in core's chain: inside a walk it answers through the walk (which may have started it
// early), otherwise it asks the member directly.
class ChainSeat implements TokenCredential {
  readonly member: DefaultChainMemberCredential;
  readonly #walks: WeakMap<object, ChainWalk>;

  constructor(member: DefaultChainMemberCredential, walks: WeakMap<object, ChainWalk>) {
    this.member = member;
    this.#walks = walks;
  }

  /** The member's name, for the chain's log lines. */
  get credentialName(): string {
    return this.member.name;
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const walk = options && this.#walks.get(options);
    return walk ? walk.turn(this.member) : this.member.getToken(scopes, options);
  }
}
