// The engine of DefaultAzureCredential, over a list of members (the default chain; stub members in tests):
// options checked and resolved once, the members built lazily, core's ChainedTokenCredential for the order, the
// stop-on-failure rule and the remembered winner, and one error that lists every member. It is a
// ChainedTokenCredential, as `@azure/identity`'s is, so code that checks `instanceof ChainedTokenCredential` or
// takes one keeps working.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { AggregateAuthenticationError, ChainedTokenCredential, InvalidArgumentError } from '@identity/core';
import { defaultEnvironment, troubleshooting } from '@identity/core/internal';
import type { WalkOptions } from './default-azure-credential-member.js';
import { DefaultChainMemberCredential, WALK } from './default-azure-credential-member.js';
import type { DefaultChainMember, DefaultChainSettings } from './default-azure-credential-members.js';
import { DEFAULT_CHAIN } from './default-azure-credential-members.js';
import type {
  DefaultAzureCredentialOptions,
  DefaultChainCredentialName,
} from './default-azure-credential-options.js';
import type { DefaultChainSelection } from './default-azure-credential-selection.js';
import { selectDefaultChain } from './default-azure-credential-selection.js';
import { checkRequiredEnvVars, NAME, resolveSettings } from './default-azure-credential-settings.js';

// A member with an import: one that can run on this runtime.
type Runnable = DefaultChainMember<DefaultChainCredentialName> & {
  load: Exclude<DefaultChainMember['load'], false>;
};

// A default-chain member's factory, for a member whose package type is not known here.
type Factory = (module: unknown, settings: DefaultChainSettings) => TokenCredential;

// What only a walk needs (the walk, the default chain's factories): one chunk, loaded when first needed.
const walkModule = () => import('./default-azure-credential-walk.js');

/**
 * The chain behind `DefaultAzureCredential`, over any list of members. Use `DefaultAzureCredential`, which is
 * this chain over `DEFAULT_CHAIN`.
 *
 * @example
 * ```ts
 * const credential = new DefaultChainCredential({ tenantId }, DEFAULT_CHAIN);
 * await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class DefaultChainCredential extends ChainedTokenCredential {
  /** Every member of the chain in order, whether this credential includes it, and why not. */
  readonly selection: readonly DefaultChainSelection[];
  /** The included members in order, each a credential of its own (what `identity doctor` asks one by one). */
  readonly members: readonly DefaultChainMemberCredential[];
  readonly #headStartMs: number | undefined;

  /**
   * @throws `InvalidArgumentError` for an invalid `AZURE_TOKEN_CREDENTIALS`, a missing `requiredEnvVars`
   * variable, a malformed `tenantId`, two managed identity ids, or a chain left with no member
   */
  constructor(
    options: DefaultAzureCredentialOptions,
    chain: readonly DefaultChainMember<DefaultChainCredentialName>[],
    headStartMs?: number,
  ) {
    const env = options.env ?? defaultEnvironment();
    checkRequiredEnvVars(options.requiredEnvVars, env);
    const selection = selectDefaultChain(options, env, chain);
    // The selection leaves out every member without an import (one that cannot run here).
    const included = chain.filter((_, index) => selection[index]?.included) as Runnable[];
    if (included.length === 0) {
      throw new InvalidArgumentError(
        `${NAME}: no credential is left in the chain (${selection.map((choice) => `${choice.name}: ${choice.reason}`).join('; ')}). ${troubleshooting('default-azure-credential')}`,
      );
    }
    const onlyManagedIdentity = included.length === 1 && included[0]?.name === 'ManagedIdentityCredential';
    const settings = resolveSettings(options, env, onlyManagedIdentity);
    const members = included.map(
      (member) =>
        new DefaultChainMemberCredential(
          member.name,
          {
            load: member.load,
            // The default chain's members are built by their factories, which load with the walk.
            create: (module) =>
              member.create?.(module, settings) ??
              walkModule().then(({ DEFAULT_CHAIN_FACTORIES }) =>
                (DEFAULT_CHAIN_FACTORIES[(DEFAULT_CHAIN as readonly unknown[]).indexOf(member)] as Factory)(
                  module,
                  settings,
                ),
              ),
          },
          member,
        ),
    );
    super(...members, { retrySources: options.retrySources, name: NAME });
    this.selection = selection;
    this.members = members;
    this.#headStartMs = headStartMs;
  }

  /** The name of the member that returned the remembered token, once one has (and `retrySources` is off). */
  get selectedCredentialName(): DefaultChainCredentialName | undefined {
    return (this.selectedCredential as DefaultChainMemberCredential | undefined)?.name;
  }

  /**
   * Gets a token from the first member, in chain order, that can give one.
   *
   * @throws `AuthenticationError` (or another error) from a member that is configured but fails: the chain
   * stops there; `AggregateAuthenticationError` listing every member and why, when none is available;
   * `AbortError` when the chain is closed while the call is under way
   */
  override async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    if (this.selectedCredential) return super.getToken(scopes, options);
    // Core's chain starts at once (a close() from now on is one during the call), each member waiting for the walk;
    // the first member's package loads beside the walk's module, so the module adds no step before it.
    this.members[0]?.load();
    const walk = walkModule().then(
      ({ ChainWalk }) => new ChainWalk(this.members, scopes, options, this.#headStartMs),
    );
    const chainOptions: WalkOptions = { ...options, [WALK]: walk };
    try {
      return await super.getToken(scopes, chainOptions);
    } catch (error) {
      if (!AggregateAuthenticationError.isInstance(error)) throw error;
      throw new AggregateAuthenticationError(
        error.errors,
        `${NAME}: no credential in the chain could get a token. Set one up as its line says, or name it in AZURE_TOKEN_CREDENTIALS. ${troubleshooting('default-azure-credential')}\nEach credential, in chain order:`,
      );
    } finally {
      (await walk).end();
    }
  }
}
