// What the developer-tool credentials (Azure CLI, Azure Developer CLI, Azure PowerShell) share: checked
// inputs before any process starts, tenant resolution, one cached and shared process per token, a tool that
// is stopped when nobody waits for it any more, and one wording for the failures every tool has.
import { UNBOUNDED_MS } from './caller-limits.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { warnIfExpired } from './clock-skew.js';
import { CredentialLifetime } from './credential-lifetime.js';
import type { Environment } from './environment.js';
import { defaultEnvironment } from './environment.js';
import { AbortError, CredentialUnavailableError, InvalidArgumentError, troubleshooting } from './errors.js';
import type { Logger } from './logger.js';
import { createLogger } from './logger.js';
import { resolveTenant } from './multi-tenant.js';
import type { ProcessOutcome } from './node-process-run.js';
import { MAX_PROCESS_OUTPUT_BYTES, runProcess } from './node-process-run.js';
import { redactSecrets } from './redaction.js';
import { ScopeKeys } from './scope-keys.js';
import type { CachedToken } from './token-cache.js';
import { refreshAfter, TokenCache } from './token-cache.js';
import type { AccessToken, GetTokenOptions } from './token-credential.js';
import { validateProcessSafeScope, validateTenantId } from './validation.js';

/**
 * A tool can take this long: the Azure CLI needs 10-15 s on some machines.
 *
 * @example
 * ```ts
 * const patient = new DeveloperToolClient(tool, { processTimeoutInMs: 2 * DEFAULT_PROCESS_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_PROCESS_TIMEOUT_MS = 30_000;

/**
 * The options every developer-tool credential takes (named as in `@azure/identity`).
 *
 * @example
 * ```ts
 * const options: DeveloperToolOptions = { tenantId: 'contoso.onmicrosoft.com', processTimeoutInMs: 60_000 };
 * const client = new DeveloperToolClient(tool, options);
 * ```
 */
export interface DeveloperToolOptions {
  /** The tenant to ask the tool for. Default: the tool's own (the signed-in account's). */
  tenantId?: string;
  /** Tenants a `getToken` call may ask for besides `tenantId`; `"*"` allows any. */
  additionallyAllowedTenants?: string[];
  /** How long the tool may run before it is stopped. Default 30 s. */
  processTimeoutInMs?: number;
  /** The tool's environment (`PATH` finds it). Default: `process.env`. */
  env?: Environment;
  /** Time, for the token cache. Default: the system clock. */
  clock?: Clock;
  /** The token cache. Default: one per credential, in memory. */
  tokenCache?: TokenCache;
}

/**
 * Who the tool is, for messages.
 *
 * @example
 * ```ts
 * const AZURE_CLI: DeveloperTool = {
 *   credentialName: 'AzureCliCredential',
 *   toolName: 'Azure CLI',
 *   anchor: 'azure-cli-credential',
 *   installHint: "Install it (https://aka.ms/azure-cli), then run 'az login'.",
 * };
 * ```
 */
export interface DeveloperTool {
  /** The credential's class name, first in every message. */
  credentialName: string;
  /** The tool's name as users know it: `Azure CLI`. */
  toolName: string;
  /** The troubleshooting anchor of the credential. */
  anchor: string;
  /** What to do when the tool is not installed: a sentence with the link and the login command. */
  installHint: string;
  /** Whether one run can ask for several scopes (the Azure Developer CLI). Default: exactly one. */
  multipleScopes?: boolean;
}

/**
 * One token request, checked: what a credential turns into its tool's arguments.
 *
 * @example
 * ```ts
 * const acquire = async ({ scopes, tenantId, signal }: ToolTokenRequest): Promise<AccessToken> => {
 *   const args = ['account', 'get-access-token', '--resource', scopeToResource(scopes[0]!)];
 *   if (tenantId) args.push('--tenant', tenantId);
 *   return parseAzureCliToken((await client.run(['az'], args, {}, signal)).stdout);
 * };
 * ```
 */
export interface ToolTokenRequest {
  /** Scopes that passed the process-safe allow-list. */
  scopes: string[];
  /** The resolved tenant (checked), or `undefined` for the tool's default. */
  tenantId: string | undefined;
  /** A claims challenge (JSON), when the caller passed one. */
  claims: string | undefined;
  /** Fires when every caller waiting for this run has aborted: the run should stop its process. */
  signal: AbortSignal;
}

/**
 * What a tool printed, for a run that ran to its end.
 *
 * @example
 * ```ts
 * const output: ToolOutput = await client.run(['azd'], ['auth', 'token', '--output', 'json', '--scope', scope], {}, signal);
 * if (output.exitCode !== 0) throw client.unavailable(`azd failed.${client.excerpt(output.stderr, ' It said: ')}`);
 * ```
 */
export interface ToolOutput {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The shared engine of the developer-tool credentials.
 *
 * @example
 * ```ts
 * const client = new DeveloperToolClient({ credentialName: 'AzureCliCredential', toolName: 'Azure CLI', anchor: 'azure-cli-credential', installHint: 'Install it.' }, options);
 * const token = await client.getToken(scopes, getTokenOptions, async (request) => {
 *   const output = await client.run(['az'], ['account', 'get-access-token', '--resource', request.scopes[0]], {}, request.signal);
 *   return parse(output);
 * });
 * ```
 */
export class DeveloperToolClient {
  readonly tool: DeveloperTool;
  /** The configured tenant, checked. */
  readonly tenantId: string | undefined;
  readonly env: Environment;
  readonly logger: Logger;
  readonly timeoutInMs: number;
  readonly #clock: Clock;
  readonly #allowedTenants: readonly string[];
  readonly #cache: TokenCache;
  readonly #scopeKeys = new ScopeKeys();
  readonly #lifetime: CredentialLifetime;

  /** @throws `InvalidArgumentError` for a malformed tenant id or timeout */
  constructor(tool: DeveloperTool, options: DeveloperToolOptions = {}) {
    this.tool = tool;
    this.tenantId =
      options.tenantId === undefined ? undefined : validateTenantId(tool.credentialName, options.tenantId);
    for (const tenant of options.additionallyAllowedTenants ?? []) {
      if (tenant !== '*') validateTenantId(tool.credentialName, tenant, 'additionallyAllowedTenants entry');
    }
    const timeout = options.processTimeoutInMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
    // A timer past 2^31 − 1 ms fires after 1 ms, so the bound stops below that (caller-limits.ts).
    if (!(timeout > 0 && timeout < UNBOUNDED_MS)) {
      throw new InvalidArgumentError(
        `${tool.credentialName}: processTimeoutInMs must be a positive number of milliseconds below 1e9. ${troubleshooting(tool.anchor)}`,
      );
    }
    this.timeoutInMs = timeout;
    this.env = options.env ?? defaultEnvironment();
    this.#clock = options.clock ?? systemClock;
    this.logger = createLogger(tool.credentialName);
    this.#allowedTenants = options.additionallyAllowedTenants ?? [];
    this.#cache = options.tokenCache ?? new TokenCache();
    this.#lifetime = new CredentialLifetime(tool.credentialName);
  }

  /**
   * Closes the client, once: every tool process still running is stopped (its callers reject with an
   * `AbortError`), and close resolves when their runs have ended. Later calls reject with a
   * `CredentialUnavailableError`. The token cache is memory (or the app's), so there is nothing to flush.
   */
  close(): Promise<void> {
    return this.#lifetime.close();
  }

  /**
   * Gets a token: every input is checked before `acquire` may start a process; a cached token is served until
   * near expiry; concurrent callers share one run. A caller's `abortSignal` ends that caller's wait, and the run
   * is stopped once every caller waiting for it has aborted, or the client closes.
   *
   * @throws `InvalidArgumentError` for a scope or tenant outside the allow-lists (nothing runs);
   * `CredentialUnavailableError` after {@link DeveloperToolClient.close}
   */
  getToken(
    scopes: string | string[],
    options: GetTokenOptions | undefined,
    acquire: (request: ToolTokenRequest) => Promise<AccessToken>,
  ): Promise<AccessToken> {
    // A repeated plain call (no tenant, no claims) goes straight to its cached token, until close.
    const plain = !(options?.tenantId || options?.claims);
    return (
      (plain && !this.#lifetime.closed && this.#scopeKeys.fresh(this.#cache, scopes, options, this.#clock)) ||
      this.#getToken(scopes, options, acquire, plain)
    );
  }

  async #getToken(
    scopes: string | string[],
    options: GetTokenOptions | undefined,
    acquire: (request: ToolTokenRequest) => Promise<AccessToken>,
    plain: boolean,
  ): Promise<AccessToken> {
    this.#lifetime.check();
    const { credentialName, multipleScopes, anchor } = this.tool;
    const list = [scopes].flat();
    if (list.length === 0 || (!multipleScopes && list.length !== 1)) {
      throw new InvalidArgumentError(
        `${credentialName}: pass ${multipleScopes ? 'at least one scope' : 'exactly one scope'}. ${troubleshooting(anchor)}`,
      );
    }
    for (const scope of list) validateProcessSafeScope(credentialName, scope);
    const tenantId = resolveTenant(
      credentialName,
      this.tenantId,
      options?.tenantId,
      this.#allowedTenants,
      this.env,
    );
    const claims = options?.claims || undefined;
    const key = [credentialName, tenantId?.toLowerCase() ?? '', [...list].sort().join(' '), claims].join('|');
    if (plain) this.#scopeKeys.remember(list, key);
    // The cache stops the run (through `signal`) once every caller waiting for it has aborted, and starts none
    // for a caller that already has.
    return this.#cache.getToken(
      key,
      // Closing the client stops the run as an abort would.
      (cacheSignal) =>
        this.#lifetime.run(cacheSignal, async (signal) =>
          this.#cached(await acquire({ scopes: list, tenantId, claims, signal })),
        ),
      { ...options, forceRefresh: claims !== undefined, clock: this.#clock, logger: this.logger },
    );
  }

  /**
   * Runs the tool. Returns its output when it ran to its end; turns what every tool has in common into the
   * credential's errors: not installed (also exit code 127, a shell's "command not found"), timed out, too
   * much output, aborted (by the caller, or by a signal the app got, which the message names).
   *
   * @throws `CredentialUnavailableError` when the tool is missing, too slow or too talkative; `AbortError`
   */
  async run(
    commands: readonly string[],
    args: readonly string[],
    extraEnv: Environment,
    signal: AbortSignal,
  ): Promise<ToolOutput> {
    this.logger.verbose(`running ${commands[0]} ${args.join(' ')}`);
    const outcome: ProcessOutcome = await runProcess({
      commands,
      args,
      env: { ...this.env, ...extraEnv },
      timeoutInMs: this.timeoutInMs,
      signal,
    });
    const { toolName, installHint } = this.tool;
    switch (outcome.kind) {
      case 'exited':
        if (outcome.exitCode !== 127) {
          return { exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr };
        }
        throw this.unavailable(
          `${toolName} is not installed (${commands[0]} could not start). ${installHint}`,
        );
      case 'not-found':
        throw this.unavailable(
          `${toolName} is not installed (no ${outcome.command} on PATH). ${installHint}`,
        );
      case 'timed-out':
        throw this.unavailable(
          `${toolName} did not finish within ${this.timeoutInMs} ms and was stopped. It can take 10-15 s on some machines: raise the processTimeoutInMs option if it needs longer.${this.excerpt(outcome.stderr, ' It printed: ')}`,
        );
      case 'output-too-large':
        throw this.unavailable(
          `${toolName} printed more than ${MAX_PROCESS_OUTPUT_BYTES} bytes and was stopped.`,
        );
      case 'aborted':
        // Stopped by a signal the app handles itself: not the caller's doing.
        throw new AbortError(outcome.signal && `${toolName} was stopped by ${outcome.signal}.`);
    }
  }

  /**
   * An unavailable-credential error in the credential's words, logged once: the chain moves on.
   *
   * @example
   * ```ts
   * throw client.unavailable("Please run 'az login' to sign in.");
   * ```
   */
  unavailable(message: string): CredentialUnavailableError {
    const error = new CredentialUnavailableError(
      `${this.tool.credentialName}: ${message} ${troubleshooting(this.tool.anchor)}`,
    );
    this.logger.info(error.message);
    return error;
  }

  /**
   * What a tool printed, made fit for a message: tokens redacted, colours and control characters removed,
   * whitespace collapsed, cut to 500 characters, after `prefix`; empty text gives an empty string.
   *
   * @example
   * ```ts
   * client.excerpt(output.stderr, ' Azure CLI said: ');
   * ```
   */
  excerpt(text: string, prefix = ''): string {
    // Colours (CSI sequences) go; every other control character (ESC, BEL, C1) becomes a space, so nothing a tool
    // printed can drive the terminal a message is shown on.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
    const colourless = text.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');
    const clean = redactSecrets(colourless)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced.
      .replace(/[\s\x00-\x1f\x7f-\x9f]+/g, ' ')
      .trim();
    if (!clean) return '';
    return `${prefix}${clean.length > 500 ? `${clean.slice(0, 500)}...` : clean}`;
  }

  #cached(token: AccessToken): CachedToken {
    const now = this.#clock.now();
    warnIfExpired(this.logger, token, now, this.tool.toolName);
    return {
      ...token,
      tokenType: 'Bearer',
      refreshAfterTimestamp: token.refreshAfterTimestamp ?? refreshAfter(now, token.expiresOnTimestamp),
    };
  }
}
