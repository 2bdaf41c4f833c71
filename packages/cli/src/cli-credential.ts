// The credential a command uses: the default chain over the command's environment, optionally narrowed to
// one member (the same values AZURE_TOKEN_CREDENTIALS takes) and a tenant.
import type { DefaultAzureCredentialOptions } from '@identity/default';
import { DefaultAzureCredential } from '@identity/default';
import type { CliIo } from './cli-io.js';

/** What `--credential` and `--tenant` ask for. */
export interface CliCredentialChoice {
  /** `dev`, `prod` or one credential's name, as AZURE_TOKEN_CREDENTIALS takes it. */
  credential?: string;
  tenantId?: string;
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
