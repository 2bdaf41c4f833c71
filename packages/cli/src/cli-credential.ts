// The credential a command uses: the default chain over the command's environment, optionally narrowed to
// one member (the same values AZURE_TOKEN_CREDENTIALS takes) and a tenant.
import { InvalidArgumentError } from '@identity/core';
import { validateTenantId } from '@identity/core/internal';
import type { DefaultAzureCredentialOptions } from '@identity/default';
import { DEFAULT_CHAIN_ORDER, DefaultAzureCredential } from '@identity/default';
import type { ParsedFlags } from './cli-arguments.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-io.js';

/** What `--credential` and `--tenant` ask for. */
export interface CliCredentialChoice {
  /** `dev`, `prod` or one credential's name, as AZURE_TOKEN_CREDENTIALS takes it. */
  credential?: string;
  tenantId?: string;
}

/**
 * Reads `--credential` and `--tenant` as the chain will take them: a value it cannot take is the user's mistake, a
 * usage error (exit 2) before anything runs, not a failed sign-in. An empty or blank `--credential` (a script's
 * unset variable) is one too: the chain would read it as no choice and run every member.
 *
 * @throws `CliUsageError` naming the flag, listing the valid credential names
 * @example
 * ```ts
 * const choice = checkedChoice('token', { credential: 'dev', tenant: 'contoso.onmicrosoft.com' });
 * ```
 */
export function checkedChoice(command: string, flags: ParsedFlags): CliCredentialChoice {
  const credential = flags.credential as string | undefined;
  const tenantId = flags.tenant as string | undefined;
  if (credential !== undefined) {
    const valid = `dev, prod or one of ${DEFAULT_CHAIN_ORDER.join(', ')}`;
    if (!credential.trim()) throw new CliUsageError(`--credential must name a credential: ${valid}`, command);
    // As AZURE_TOKEN_CREDENTIALS is read: trimmed, in any case.
    const key = credential.trim().toLowerCase();
    if (!['dev', 'prod', ...DEFAULT_CHAIN_ORDER.map((name) => name.toLowerCase())].includes(key)) {
      throw new CliUsageError(
        `--credential ${JSON.stringify(credential.slice(0, 64))} names no credential of the default chain: use ${valid}, in any case`,
        command,
      );
    }
  }
  if (tenantId !== undefined) {
    try {
      validateTenantId('--tenant', tenantId, 'tenant');
    } catch (error) {
      if (InvalidArgumentError.isInstance(error)) throw new CliUsageError((error as Error).message, command);
      throw error;
    }
  }
  return { credential, tenantId };
}

/**
 * Builds the default chain for a command: `--credential` overrides `AZURE_TOKEN_CREDENTIALS` for this run only.
 *
 * @throws `InvalidArgumentError` for an invalid credential name or tenant, listing the valid values
 * @example
 * ```ts
 * const credential = cliCredential(io, { credential: 'azureclicredential' });
 * ```
 */
export function cliCredential(
  io: CliIo,
  choice: CliCredentialChoice = {},
  extra: DefaultAzureCredentialOptions = {},
) {
  const env =
    choice.credential === undefined ? io.env : { ...io.env, AZURE_TOKEN_CREDENTIALS: choice.credential };
  return new DefaultAzureCredential({
    ...extra,
    env,
    ...(choice.tenantId === undefined ? {} : { tenantId: choice.tenantId }),
  });
}
