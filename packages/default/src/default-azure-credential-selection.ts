// Which members the chain has: AZURE_TOKEN_CREDENTIALS picks a group or one credential, and the explicit
// `exclude…Credential` options override it either way (as in Python).
import type { Environment } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import { readVariable, troubleshooting } from '@identity/core/internal';
import type {
  DefaultAzureCredentialEnvVars,
  DefaultAzureCredentialOptions,
  DefaultChainCredentialName,
} from './default-azure-credential-options.js';

/**
 * Every member of the default chain, in the order the chain tries them.
 *
 * @example
 * ```ts
 * DEFAULT_CHAIN_ORDER[0]; // 'EnvironmentCredential'
 * ```
 */
export const DEFAULT_CHAIN_ORDER: readonly DefaultChainCredentialName[] = [
  'EnvironmentCredential',
  'WorkloadIdentityCredential',
  'ManagedIdentityCredential',
  'AzureCliCredential',
  'AzurePowerShellCredential',
  'AzureDeveloperCliCredential',
];

const GROUPS: Record<string, readonly DefaultChainCredentialName[]> = {
  prod: ['EnvironmentCredential', 'WorkloadIdentityCredential', 'ManagedIdentityCredential'],
  dev: ['AzureCliCredential', 'AzurePowerShellCredential', 'AzureDeveloperCliCredential'],
};

const VARIABLE = 'AZURE_TOKEN_CREDENTIALS';

/**
 * Whether one member is in the chain, and if not, why (for messages and `identity doctor`).
 *
 * @example
 * ```ts
 * const { name, included, reason } = selectDefaultChain({}, process.env)[3];
 * ```
 */
export interface DefaultChainSelection {
  name: DefaultChainCredentialName;
  included: boolean;
  /** Why the member is out, when it is. */
  reason?: string;
}

// The members AZURE_TOKEN_CREDENTIALS selects, or every member when it is not set.
function selectedByVariable(env: Environment): {
  names: readonly DefaultChainCredentialName[];
  value?: string;
} {
  const value = readVariable(env, VARIABLE);
  if (value === undefined) return { names: DEFAULT_CHAIN_ORDER };
  const key = value.toLowerCase();
  const group = GROUPS[key];
  if (group) return { names: group, value };
  const single = DEFAULT_CHAIN_ORDER.find((name) => name.toLowerCase() === key);
  if (single) return { names: [single], value };
  throw new InvalidArgumentError(
    `DefaultAzureCredential: ${VARIABLE} is ${JSON.stringify(value.slice(0, 64))}, which is not a valid value. Use 'dev', 'prod' or one of ${DEFAULT_CHAIN_ORDER.join(', ')} (case does not matter). ${troubleshooting('default-azure-credential')}`,
  );
}

/**
 * Decides the chain's members: `AZURE_TOKEN_CREDENTIALS` (`dev`, `prod` or one credential's name, trimmed,
 * case-insensitive) narrows it, and each `exclude…Credential` option, when given, decides for its member.
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
): DefaultChainSelection[] {
  const { names, value } = selectedByVariable(env);
  return DEFAULT_CHAIN_ORDER.map((name) => {
    const exclude = options[`exclude${name}` as keyof DefaultAzureCredentialOptions] as boolean | undefined;
    if (exclude === true) return { name, included: false, reason: `excluded by the exclude${name} option` };
    if (exclude === false || names.includes(name)) return { name, included: true };
    return { name, included: false, reason: `not selected by ${VARIABLE}=${value}` };
  });
}

/**
 * Checks `requiredEnvVars`: each named variable must be set and not blank.
 *
 * @throws `InvalidArgumentError` naming every missing variable
 * @example
 * ```ts
 * checkRequiredEnvVars(['AZURE_TOKEN_CREDENTIALS'], process.env);
 * ```
 */
export function checkRequiredEnvVars(
  required: DefaultAzureCredentialEnvVars | DefaultAzureCredentialEnvVars[] | undefined,
  env: Environment,
): void {
  const missing = [required ?? []].flat().filter((name) => readVariable(env, name) === undefined);
  if (missing.length === 0) return;
  throw new InvalidArgumentError(
    `DefaultAzureCredential: required environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set or empty. Set ${missing.length > 1 ? 'them' : 'it'}, or remove ${missing.length > 1 ? 'them' : 'it'} from requiredEnvVars. ${troubleshooting('default-azure-credential')}`,
  );
}
