// Credentials read configuration from an injected record of variables, so tests never patch process.env and
// edge runtimes (which have no process) pass their bindings explicitly.

/**
 * A read-only view of environment variables: what a credential's `env` option takes in place of `process.env`
 * (a Worker's bindings, a test's record).
 *
 * @example
 * ```ts
 * const env: Environment = { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret };
 * const credential = new EnvironmentCredential({ env });
 * ```
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The process environment where there is one (Node, Bun, Deno), else an empty record.
 *
 * @example
 * ```ts
 * const env = defaultEnvironment();
 * env.AZURE_TENANT_ID;
 * ```
 */
export function defaultEnvironment(): Environment {
  return (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
}

/**
 * Reads a variable, treating empty and whitespace-only values as unset, and so a variable the runtime refuses
 * to read: Deno checks its permissions on every read of `process.env` (not on reaching it), so a credential
 * used without `--allow-env` must not fail where it needs no variable.
 *
 * @example
 * ```ts
 * readVariable(env, 'AZURE_CLIENT_ID'); // undefined when unset or blank
 * ```
 */
export function readVariable(env: Environment, name: string): string | undefined {
  try {
    return env[name]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a boolean flag the way the Azure SDKs do: `true` or `1`, case-insensitive.
 *
 * @example
 * ```ts
 * readFlag(env, 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN');
 * ```
 */
export function readFlag(env: Environment, name: string): boolean {
  const value = readVariable(env, name)?.toLowerCase();
  return value === 'true' || value === '1';
}

/**
 * Reads a `;`-separated list, such as `AZURE_ADDITIONALLY_ALLOWED_TENANTS`.
 *
 * @example
 * ```ts
 * readList({ AZURE_ADDITIONALLY_ALLOWED_TENANTS: 'a; b' }, 'AZURE_ADDITIONALLY_ALLOWED_TENANTS'); // ['a', 'b']
 * ```
 */
export function readList(env: Environment, name: string): string[] {
  return (readVariable(env, name) ?? '')
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean);
}
