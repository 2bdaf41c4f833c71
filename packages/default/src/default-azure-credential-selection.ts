// Which members the chain has: AZURE_TOKEN_CREDENTIALS picks a group or one credential, the explicit
// `exclude…Credential` options override it either way (as in Python), and a member that cannot run on this
// runtime is out whatever they say.
import type { Environment } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import { readVariable, troubleshooting } from '@identity/core/internal';
import type { DefaultChainMember } from './default-azure-credential-members.js';
import { DEFAULT_CHAIN } from './default-azure-credential-members.js';
import type {
  DefaultAzureCredentialOptions,
  DefaultChainCredentialName,
} from './default-azure-credential-options.js';
import { NAME } from './default-azure-credential-settings.js';

/**
 * Every member of the default chain, in the order the chain tries them.
 *
 * @example
 * ```ts
 * DEFAULT_CHAIN_ORDER[0]; // 'EnvironmentCredential'
 * ```
 */
export const DEFAULT_CHAIN_ORDER: readonly DefaultChainCredentialName[] = /* @__PURE__ */ DEFAULT_CHAIN.map(
  (member) => member.name,
);

/**
 * Whether one member is in the chain, and if not, why (for messages and `identity doctor`).
 *
 * @example
 * ```ts
 * const { name, included, reason } = new DefaultAzureCredential().selection[3];
 * ```
 */
export interface DefaultChainSelection {
  /** The member, by class name. */
  name: DefaultChainCredentialName;
  /** Whether the chain will try it. */
  included: boolean;
  /** Why the member is out, when it is. */
  reason?: string;
}

const VARIABLE = 'AZURE_TOKEN_CREDENTIALS';

// The members AZURE_TOKEN_CREDENTIALS selects (a group, or one name, case-insensitive: no name is a group's), or,
// when it is not set, every member but those excluded by default.
function selectedByVariable(
  members: readonly DefaultChainMember<DefaultChainCredentialName>[],
  env: Environment,
): { names: readonly DefaultChainCredentialName[]; value?: string } {
  const value = readVariable(env, VARIABLE);
  const key = value?.toLowerCase();
  const names = members
    .filter((member) =>
      key === undefined
        ? !member.excludedByDefault
        : key === member.group || key === member.name.toLowerCase(),
    )
    .map((member) => member.name);
  if (key === undefined || names.length > 0) return { names, value };
  throw new InvalidArgumentError(
    `${NAME}: ${VARIABLE} is ${JSON.stringify(value?.slice(0, 64))}; use dev, prod or one of ${members.map((member) => member.name).join(', ')}, in any case. ${troubleshooting('default-azure-credential')}`,
  );
}

/**
 * Decides, for each member in chain order, whether the chain includes it: `AZURE_TOKEN_CREDENTIALS` (`dev`,
 * `prod` or one credential's name, trimmed, case-insensitive) narrows the chain (unset: every member but those
 * excluded by default), each `exclude…Credential` option, when given, decides for its member, and a member that
 * cannot run on this runtime is out.
 *
 * @throws `InvalidArgumentError` for any other value of `AZURE_TOKEN_CREDENTIALS`, listing the valid ones
 * @example
 * ```ts
 * selectDefaultChain({ excludeAzureCliCredential: true }, { AZURE_TOKEN_CREDENTIALS: 'dev' })
 *   .filter((member) => member.included)
 *   .map((member) => member.name); // ['AzurePowerShellCredential', 'AzureDeveloperCliCredential']
 * ```
 */
export function selectDefaultChain(
  options: DefaultAzureCredentialOptions,
  env: Environment,
  members: readonly DefaultChainMember<DefaultChainCredentialName>[] = DEFAULT_CHAIN,
): DefaultChainSelection[] {
  const { names, value } = selectedByVariable(members, env);
  return members.map(({ name, load }) => {
    // Every member has its exclude… option: a member added to the list without one fails the typecheck here.
    const option = `exclude${name}` satisfies keyof DefaultAzureCredentialOptions;
    const exclude = options[option];
    if (exclude === true) return { name, included: false, reason: `excluded by the ${option} option` };
    if (exclude !== false && !names.includes(name)) {
      const reason =
        value === undefined
          ? `left out unless asked for (set the ${option} option to false)`
          : `not selected by ${VARIABLE}=${value}`;
      return { name, included: false, reason };
    }
    if (load === false) return { name, included: false, reason: 'cannot run on this runtime' };
    return { name, included: true };
  });
}
