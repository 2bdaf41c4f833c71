// `identity token`: a token from the default chain, and what it says: its claims, its expiry and the member that
// produced it. The token itself is printed only when asked for.
import { isIdentityError } from '@identity/core';
import { decodeJwtClaims } from '@identity/core/internal';
import { checkedScope, parseCommandArgs, positiveMs } from './cli-arguments.js';
import { checkedChoice, cliCredential } from './cli-credential.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-io.js';
import { printable, printableLines } from './cli-printable.js';
import { useLoginCache } from './cli-token-login-cache.js';

/**
 * Help for `identity token`.
 *
 * @example
 * ```ts
 * process.stdout.write(TOKEN_USAGE);
 * ```
 */
export const TOKEN_USAGE = `Usage: identity token --scope <scope> [options]

Gets a token from the default chain (DefaultAzureCredential) and shows its claims (decoded, not verified),
its expiry and which credential produced it. SharedTokenCacheCredential in the chain reads the account
'identity login' signed in (the cache msal.cache, as login kept it: encrypted, or in clear after --unencrypted).

Options:
  --scope <scope>       the scope to ask for, e.g. https://management.azure.com/.default (required)
  --credential <name>   use only this credential: dev, prod, or a name such as AzureCliCredential
                        (what AZURE_TOKEN_CREDENTIALS takes; overrides it for this run)
  --tenant <tenant>     tenant for workload identity and the developer tools
  --timeout <ms>        give up after this long (default 60000)
  --json                print one JSON object instead of text
  --show-token          include the token itself (it is a secret: keep it out of logs)
  -h, --help            show this help
`;

const DEFAULT_TIMEOUT_MS = 60_000;

function relative(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
}

/**
 * Runs `identity token`; returns the exit code (0 a token, 1 no token, 2 a usage error).
 *
 * @example
 * ```ts
 * const code = await tokenCommand(['--scope', 'https://vault.azure.net/.default', '--json'], io);
 * ```
 */
export async function tokenCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommandArgs('token', args, {
    scope: { type: 'string' },
    credential: { type: 'string' },
    tenant: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    'show-token': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(TOKEN_USAGE);
    return 0;
  }
  if (!flags.scope) throw new CliUsageError('--scope is required', 'token');
  const scope = checkedScope('token', flags.scope as string);
  const timeout = positiveMs('token', 'timeout', flags.timeout as string | undefined, DEFAULT_TIMEOUT_MS);
  const choice = checkedChoice('token', flags);
  const json = flags.json === true;

  const started = performance.now();
  const deadline = AbortSignal.timeout(timeout);
  let credential: ReturnType<typeof cliCredential> | undefined;
  try {
    await useLoginCache(io);
    credential = cliCredential(io, choice);
    const token = await credential.getToken(scope, { abortSignal: deadline });
    const elapsedMs = Math.round(performance.now() - started);
    const claims = decodeJwtClaims(token.token) ?? {};
    const result = {
      credential: credential.selectedCredentialName,
      scope,
      expiresOn: new Date(token.expiresOnTimestamp).toISOString(),
      refreshAfter:
        token.refreshAfterTimestamp === undefined
          ? undefined
          : new Date(token.refreshAfterTimestamp).toISOString(),
      elapsedMs,
      claims,
      ...(flags['show-token'] ? { token: token.token } : {}),
    };
    if (json) {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `Token for ${scope} from ${result.credential} in ${elapsedMs} ms`,
      `  expires        ${result.expiresOn} (in ${relative(token.expiresOnTimestamp - Date.now())})`,
      ...(result.refreshAfter ? [`  refresh after  ${result.refreshAfter}`] : []),
      '',
      'Claims (decoded, not verified):',
      // Claims come from whoever issued the token: shown, never interpreted by the terminal.
      ...Object.entries(claims).map(
        ([name, value]) => `  ${printable(name.padEnd(14))} ${printable(JSON.stringify(value))}`,
      ),
      ...(result.token ? ['', 'Token (a secret: keep it out of logs):', result.token] : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    const failure = {
      name: (error as Error).name,
      code: isIdentityError(error) ? error.code : undefined,
      // The credential says only that it was aborted: the abort was --timeout's.
      message: deadline.aborted ? `no token within ${timeout} ms (--timeout).` : (error as Error).message,
    };
    if (json) io.stdout.write(`${JSON.stringify({ scope, error: failure }, null, 2)}\n`);
    // The message may quote the token endpoint's answer: shown, never interpreted by the terminal.
    io.stderr.write(`identity token: ${printableLines(failure.message)}\n`);
    return 1;
  } finally {
    // Writes to the login's cache (a refresh token the authority rotated) end before the process does.
    await credential?.close();
  }
}
