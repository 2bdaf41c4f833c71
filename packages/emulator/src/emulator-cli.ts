// The `identity-emulator` command: argument parsing, startup banner and shutdown on SIGINT/SIGTERM.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EmulatorConfigError, validateEmulatorConfig } from './emulator-config.js';
import { type Emulator, startEmulator } from './emulator-server.js';
import { registeredApps } from './emulator-state.js';
import type { EmulatorConfig, EmulatorOptions, RegisteredApp, UserRegistration } from './emulator-types.js';

declare const __PACKAGE_VERSION__: string;

/**
 * Exit code for a usage error (unknown flag, bad value), as most CLIs use.
 *
 * @example
 * ```ts
 * if ((await runCli(['start', '--bogus'])) === USAGE_ERROR) console.error('fix the flags');
 * ```
 */
export const USAGE_ERROR = 2;

/**
 * The help text of the CLI.
 *
 * @example
 * ```ts
 * process.stdout.write(CLI_USAGE);
 * ```
 */
export const CLI_USAGE = `Usage: identity-emulator start [options]

Runs a local Entra ID emulator (token endpoint, sign-in pages, device code, OpenID metadata, JWKS,
instance discovery, managed-identity and Azure Pipelines endpoints) until interrupted with Ctrl+C
(SIGINT) or SIGTERM. A local development tool: never expose it.

Options:
  --port <n>       Port to listen on (default 0: any free port; the URL is printed)
  --host <host>    Interface to bind (default 127.0.0.1)
  --https          Serve HTTPS with a self-signed certificate for localhost and 127.0.0.1;
                   its PEM is written to a temporary file to use as NODE_EXTRA_CA_CERTS
  --config <file>  JSON file configuring everything the library can (see the README):
                   { "tenants": ["<id>"], "apps": [registerApp fields], "users": [registerUser
                   fields], "managedIdentities": [managedIdentity.assign fields], "pipelines":
                   [registerPipeline fields], "consents": [grantConsent fields], "corsOrigins",
                   "hostNames", "rejectAssertionReplay", "deviceCodeLifetimeSeconds",
                   "deviceCodeIntervalSeconds" }
                   Without apps, one app with a generated secret is registered.
  --user <name:password>
                   Register a user who signs in (repeatable), in the default tenant
  --cors-origin <origin>
                   Let a browser app at this origin call the token and metadata endpoints
                   (repeatable; "*" for any). Default: loopback origins
  --json           Print the startup details as one JSON line instead of text
  -h, --help       Show this help
  -v, --version    Show the version
`;

/**
 * Where the CLI writes and how it learns it should stop; injectable for tests.
 *
 * @example
 * ```ts
 * await runCli(['start'], { stdout: process.stdout, stderr: process.stderr, waitForShutdown: () => stopped });
 * ```
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Resolves when the emulator should stop; default: the first SIGINT or SIGTERM. */
  waitForShutdown?: () => Promise<void>;
}

/**
 * What the `start` command was asked to do.
 *
 * @example
 * ```ts
 * const { start } = parseCliArgs(['start', '--https']) as { start: StartCommand };
 * start.options.https; // true
 * ```
 */
export interface StartCommand {
  options: EmulatorOptions;
  configPath?: string;
  /** Users from `--user`, added to those of the config file. */
  users?: UserRegistration[];
  json: boolean;
}

/**
 * Thrown for a command line that cannot be run; the message says what to fix.
 *
 * @example
 * ```ts
 * try { parseCliArgs(['start', '--bogus']); } catch (e) { e instanceof CliUsageError; } // true
 * ```
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/**
 * Parses the command line into a command. Unknown flags, a missing command and bad values throw
 * {@link CliUsageError}.
 *
 * @example
 * ```ts
 * parseCliArgs(['start', '--port', '8400', '--https']);
 * // { command: 'start', start: { options: { port: 8400, host: '127.0.0.1', https: true }, json: false } }
 * ```
 */
export function parseCliArgs(
  argv: string[],
): { command: 'help' | 'version' } | { command: 'start'; start: StartCommand } {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof CLI_OPTIONS; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: CLI_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    // Node's message goes on about positionals after `--`; the flag name is what matters here.
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new CliUsageError(unknown ? `Unknown option '${unknown[1]}'.` : message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command !== 'start') {
    throw new CliUsageError(
      command === undefined ? 'Missing command: use "start".' : `Unknown command '${command}': use "start".`,
    );
  }
  if (rest.length > 0) throw new CliUsageError(`Unexpected argument '${rest[0]}'.`);

  const options: EmulatorOptions = { host: values.host ?? '127.0.0.1', https: values.https ?? false };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new CliUsageError(`--port must be a number from 0 to 65535, not '${values.port}'.`);
    }
    options.port = port;
  }
  if (values['cors-origin'] !== undefined) options.corsOrigins = values['cors-origin'];
  const start: StartCommand = { options, json: values.json ?? false };
  if (values.config !== undefined) start.configPath = values.config;
  if (values.user !== undefined) start.users = values.user.map(parseUserFlag);
  return { command: 'start', start };
}

function parseUserFlag(value: string): UserRegistration {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    throw new CliUsageError(
      `--user must be <username>:<password>, not '${value.slice(0, Math.max(colon, 0))}:…'.`,
    );
  }
  return { username: value.slice(0, colon), password: value.slice(colon + 1) };
}

const CLI_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  https: { type: 'boolean' },
  config: { type: 'string' },
  user: { type: 'string', multiple: true },
  'cors-origin': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

async function loadConfig(path: string): Promise<EmulatorConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`Cannot read the config file '${path}': ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`The config file '${path}' is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return validateEmulatorConfig(value, path);
  } catch (error) {
    if (error instanceof EmulatorConfigError) throw new CliUsageError(error.message);
    throw error;
  }
}

function appsOf(emulator: Emulator, config: EmulatorConfig): RegisteredApp[] {
  const apps = registeredApps(emulator.state);
  if (apps.length === 0 && (config.apps ?? []).length === 0)
    apps.push(emulator.registerApp({ displayName: 'default' }));
  return apps;
}

// Who can sign in (never their passwords).
function usersOf(emulator: Emulator, config: EmulatorConfig): { username: string; tenantId: string }[] {
  return (config.users ?? []).map((user) => ({
    username: user.username,
    tenantId: (user.tenantId ?? emulator.tenantId).toLowerCase(),
  }));
}

// The variables that point a credential at each hosting source, when identities are assigned.
function managedIdentityEnvironments(emulator: Emulator) {
  return emulator.managedIdentity.identities.length === 0 ? {} : emulator.managedIdentity.environments();
}

function managedIdentityLines(emulator: Emulator): string[] {
  const { identities, arcTokenDirectory } = emulator.managedIdentity;
  if (identities.length === 0) return [];
  const lines = ['', 'Managed identities (of the emulated resource):'];
  for (const identity of identities) {
    lines.push(
      `  ${identity.systemAssigned ? 'system-assigned' : 'user-assigned  '}  client id ${identity.clientId}  object id ${identity.objectId}`,
    );
  }
  lines.push('  Point a credential at one hosting source with its variables:');
  for (const [source, variables] of Object.entries(managedIdentityEnvironments(emulator))) {
    const assignments = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
    lines.push(`    ${source.padEnd(13)} ${assignments.join(' ')}`);
  }
  lines.push(`  (Azure Arc: pass arcTokenDirectory ${arcTokenDirectory})`);
  return lines;
}

function pipelineLines(emulator: Emulator): string[] {
  if (emulator.pipelines.length === 0) return [];
  const lines = ['', 'Azure Pipelines jobs (federated credential issuer and subject for their apps):'];
  for (const pipeline of emulator.pipelines) {
    lines.push(
      `  SYSTEM_OIDCREQUESTURI=${pipeline.oidcRequestUri}`,
      `    service connection ${pipeline.serviceConnectionId}  issuer ${pipeline.issuer}  subject ${pipeline.subject}`,
    );
  }
  return lines;
}

function banner(
  emulator: Emulator,
  apps: RegisteredApp[],
  users: UserRegistration[],
  caPath: string | undefined,
): string {
  const lines = [
    `Identity emulator (local Entra ID) listening on ${emulator.url}`,
    `  Authority host:   ${emulator.url}   (AZURE_AUTHORITY_HOST)`,
    `  Default tenant:   ${emulator.tenantId}`,
    `  Token endpoint:   ${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`,
    `  Authorize:        ${emulator.url}/${emulator.tenantId}/oauth2/v2.0/authorize`,
    `  Device login:     ${emulator.url}/devicelogin`,
  ];
  if (caPath) lines.push(`  CA certificate:   ${caPath}   (export NODE_EXTRA_CA_CERTS=${caPath})`);
  lines.push(
    '',
    'Registered apps (secrets are shown because this is a local development tool; never reuse them):',
  );
  for (const app of apps) {
    lines.push(
      `  client id ${app.clientId}  tenant ${app.tenantId}  ${app.clientSecret === undefined ? '(no secret)' : `secret ${app.clientSecret}`}`,
    );
  }
  if (users.length > 0) lines.push('', 'Users who can sign in:');
  for (const user of users) lines.push(`  ${user.username}  tenant ${user.tenantId ?? emulator.tenantId}`);
  lines.push(...managedIdentityLines(emulator), ...pipelineLines(emulator));
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

function signalShutdown(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Runs the CLI and resolves with its exit code: 0 after a clean shutdown, 2 for a usage error, 1 when the
 * emulator cannot start.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2));
 * ```
 */
export async function runCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr.write(`identity-emulator: ${error.message}\nRun 'identity-emulator --help' for usage.\n`);
    return USAGE_ERROR;
  }
  if (parsed.command !== 'start') {
    const version = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : 'dev';
    io.stdout.write(parsed.command === 'help' ? CLI_USAGE : `${version}\n`);
    return 0;
  }

  const { options, configPath, json } = parsed.start;
  let emulator: Emulator;
  let config: EmulatorConfig = {};
  try {
    if (configPath !== undefined) config = await loadConfig(configPath);
    if (parsed.start.users) config = { ...config, users: [...(config.users ?? []), ...parsed.start.users] };
    emulator = await startEmulator({ ...options, config });
  } catch (error) {
    io.stderr.write(`identity-emulator: ${(error as Error).message}\n`);
    return error instanceof CliUsageError || error instanceof TypeError ? USAGE_ERROR : 1;
  }

  // Listening before the banner: a script that sends SIGINT as soon as it reads the banner would otherwise end the
  // process by the signal's default action, leaving the CA file and the Arc key folder behind.
  const shutdown = (io.waitForShutdown ?? signalShutdown)();
  const apps = appsOf(emulator, config);
  let caPath: string | undefined;
  let caFolder: string | undefined;
  if (emulator.caCertificate) {
    // A folder of its own (0700, unpredictable name): a predictable path in the shared temporary folder could be a
    // symlink or a file another user planted, and swap in their certificate before NODE_EXTRA_CA_CERTS reads it.
    caFolder = await mkdtemp(join(tmpdir(), 'identity-emulator-ca-'));
    caPath = join(caFolder, 'ca.pem');
    await writeFile(caPath, emulator.caCertificate, { mode: 0o600, flag: 'wx' });
  }
  const details = {
    url: emulator.url,
    tenantId: emulator.tenantId,
    apps,
    users: usersOf(emulator, config),
    managedIdentities: emulator.managedIdentity.identities,
    managedIdentityEnvironments: managedIdentityEnvironments(emulator),
    arcTokenDirectory:
      emulator.managedIdentity.identities.length > 0 ? emulator.managedIdentity.arcTokenDirectory : undefined,
    pipelines: emulator.pipelines,
    caCertificatePath: caPath,
  };
  io.stdout.write(json ? `${JSON.stringify(details)}\n` : banner(emulator, apps, config.users ?? [], caPath));

  await shutdown;
  await emulator.stop();
  if (caFolder) await rm(caFolder, { recursive: true, force: true });
  if (!json) io.stdout.write('Identity emulator stopped.\n');
  return 0;
}
