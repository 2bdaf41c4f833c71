import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import {
  AggregateAuthenticationError,
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
import { describe, expect, it } from 'vitest';
import { DefaultChainCredential } from './default-azure-credential-chain.js';
import type { DefaultChainMember, DefaultChainSettings } from './default-azure-credential-members.js';
import { DEFAULT_CHAIN } from './default-azure-credential-members.js';
import type {
  DefaultAzureCredentialOptions,
  DefaultChainCredentialName,
} from './default-azure-credential-options.js';

const SCOPE = 'https://vault.azure.net/.default';
// The members a chain holds unless asked for more (those excluded by default, which the members spec names, are out).
const BY_DEFAULT = DEFAULT_CHAIN.filter((member) => !member.excludedByDefault).map((member) => member.name);
const token = (from: string): AccessToken => ({
  token: `token-from-${from}`,
  expiresOnTimestamp: Date.now() + 3_600_000,
});
const unavailable = (name: string) => () =>
  Promise.reject(new CredentialUnavailableError(`${name}: not set up here. Set it up.`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Behaviour = (options: GetTokenOptions | undefined) => Promise<AccessToken>;

type Member = DefaultChainMember<DefaultChainCredentialName>;

// A world of stub members, one for each member of the default chain (same name, group, head start and exclusion
// by default): each records when its package was loaded (`loads`), and when it was built and asked (`events`), and
// answers as told.
function world(behaviours: Partial<Record<DefaultChainCredentialName, Behaviour>>) {
  const events: string[] = [];
  const loads: string[] = [];
  const settings: Partial<Record<DefaultChainCredentialName, DefaultChainSettings>> = {};
  const members: Member[] = DEFAULT_CHAIN.map(({ name, group, headStart, excludedByDefault }) => ({
    name,
    group,
    headStart,
    excludedByDefault,
    load: async () => {
      loads.push(name);
      return { packageOf: name };
    },
    create: (module, given) => {
      expect(module).toEqual({ packageOf: name });
      events.push(`build ${name}`);
      settings[name] = given;
      const credential: TokenCredential = {
        getToken: async (_scopes, options) => {
          events.push(`ask ${name}`);
          const behaviour = behaviours[name] ?? unavailable(name);
          return behaviour(options);
        },
      };
      return credential;
    },
  }));
  const create = (options: DefaultAzureCredentialOptions = {}, headStartMs?: number) =>
    new DefaultChainCredential({ env: {}, ...options }, members, headStartMs);
  return { events, loads, settings, create };
}

describe('walking the chain', () => {
  it('tries the members in chain order and returns the first token', async () => {
    const { events, create } = world({ AzureCliCredential: async () => token('cli') });
    const credential = create();
    await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ token: 'token-from-cli' });
    expect(events.filter((event) => event.startsWith('ask'))).toEqual([
      'ask EnvironmentCredential',
      'ask WorkloadIdentityCredential',
      'ask ManagedIdentityCredential',
      'ask SharedTokenCacheCredential',
      'ask AzureCliCredential',
    ]);
    expect(credential.selectedCredentialName).toBe('AzureCliCredential');
  });

  it('builds a member only when the chain reaches it', async () => {
    const { events, create } = world({ EnvironmentCredential: async () => token('env') });
    const credential = create();
    expect(events).toEqual([]);
    await credential.getToken(SCOPE);
    expect(events).toEqual(['build EnvironmentCredential', 'ask EnvironmentCredential']);
  });

  it("starts loading a group's packages together when the chain reaches it, and builds only the members it reaches", async () => {
    const { events, loads, create } = world({ WorkloadIdentityCredential: async () => token('wi') });
    const credential = create();
    expect(loads).toEqual([]);
    await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ token: 'token-from-wi' });
    // The deployed-app members' imports all started when the walk reached the first of them; the developer tools'
    // never did, as no deployed-app member was passed over.
    expect(loads).toEqual([
      'EnvironmentCredential',
      'WorkloadIdentityCredential',
      'ManagedIdentityCredential',
    ]);
    expect(events).toEqual([
      'build EnvironmentCredential',
      'ask EnvironmentCredential',
      'build WorkloadIdentityCredential',
      'ask WorkloadIdentityCredential',
    ]);
  });

  it("starts the developer tools' imports together once no deployed-app member answered", async () => {
    const { events, loads, create } = world({ SharedTokenCacheCredential: async () => token('cache') });
    await expect(create().getToken(SCOPE)).resolves.toMatchObject({ token: 'token-from-cache' });
    expect(loads).toEqual(BY_DEFAULT);
    // Loaded, never built: the tools after the member that answered.
    expect(events.filter((event) => event.startsWith('build'))).toEqual([
      'build EnvironmentCredential',
      'build WorkloadIdentityCredential',
      'build ManagedIdentityCredential',
      'build SharedTokenCacheCredential',
    ]);
  });

  it("loads each member's package once, however many walks, and none once a member is remembered", async () => {
    const { loads, create } = world({ AzureCliCredential: async () => token('cli') });
    const walking = create({ retrySources: true });
    await walking.getToken(SCOPE);
    await walking.getToken(SCOPE);
    expect(loads).toEqual(BY_DEFAULT);

    loads.length = 0;
    const remembering = create({ excludeAzurePowerShellCredential: true });
    await remembering.getToken(SCOPE);
    expect(loads).toEqual(BY_DEFAULT.filter((name) => name !== 'AzurePowerShellCredential'));
    loads.length = 0;
    await remembering.getToken(SCOPE);
    expect(loads).toEqual([]);
  });

  it('remembers the member that worked and asks it directly next time', async () => {
    const { events, create } = world({ ManagedIdentityCredential: async () => token('mi') });
    const credential = create();
    await credential.getToken(SCOPE);
    events.length = 0;
    await credential.getToken(SCOPE);
    expect(events).toEqual(['ask ManagedIdentityCredential']);
  });

  it('walks the whole chain on every call with retrySources', async () => {
    const { events, create } = world({ WorkloadIdentityCredential: async () => token('wi') });
    const credential = create({ retrySources: true });
    await credential.getToken(SCOPE);
    events.length = 0;
    await credential.getToken(SCOPE);
    expect(events).toEqual(['ask EnvironmentCredential', 'ask WorkloadIdentityCredential']);
    expect(credential.selectedCredentialName).toBeUndefined();
  });

  it('stops at a member that is configured but fails, without trying the next', async () => {
    const refused = new AuthenticationError(
      401,
      { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
      { credentialName: 'EnvironmentCredential' },
    );
    const { events, create } = world({
      EnvironmentCredential: () => Promise.reject(refused),
      AzureCliCredential: async () => token('cli'),
    });
    await expect(create().getToken(SCOPE)).rejects.toBe(refused);
    expect(events.filter((event) => event.startsWith('ask'))).toEqual(['ask EnvironmentCredential']);
  });

  it('lists every member it holds in order, each with its reason, when none is available', async () => {
    const { create } = world({});
    const error = await create()
      .getToken(SCOPE)
      .catch((e: unknown) => e);
    expect(AggregateAuthenticationError.isInstance(error)).toBe(true);
    const aggregate = error as AggregateAuthenticationError;
    expect(aggregate.errors).toHaveLength(BY_DEFAULT.length);
    const lines = aggregate.message.split('\n');
    expect(lines[0]).toMatch(
      /^DefaultAzureCredential: no credential in the chain could get a token\. .*AZURE_TOKEN_CREDENTIALS/,
    );
    expect(lines[0]).toContain('TROUBLESHOOTING.md#default-azure-credential');
    // Every member but those out unless asked for (VisualStudioCodeCredential, InteractiveBrowserCredential).
    expect(lines.slice(2)).toEqual(BY_DEFAULT.map((name) => `  - ${name}: not set up here. Set it up.`));
  });

  it('names the member in an unavailable error that does not', async () => {
    const { create } = world({
      EnvironmentCredential: () => Promise.reject(new CredentialUnavailableError('no variables set')),
    });
    const error = (await create({ excludeWorkloadIdentityCredential: true })
      .getToken(SCOPE)
      .catch((e: unknown) => e)) as AggregateAuthenticationError;
    expect((error.errors[0] as Error).message).toBe('EnvironmentCredential: no variables set');
  });

  it('treats a member that returns no token as unavailable', async () => {
    const { create } = world({
      EnvironmentCredential: async () => null as unknown as AccessToken,
      WorkloadIdentityCredential: async () => token('wi'),
    });
    await expect(create().getToken(SCOPE)).resolves.toMatchObject({ token: 'token-from-wi' });
  });
});

describe('a member that cannot be built', () => {
  const broken = (error: unknown): Member => ({
    name: 'AzureCliCredential',
    group: 'dev',
    load: async () => ({}),
    create: () => {
      throw error;
    },
  });

  it('reports why when reached, and the chain moves on', async () => {
    const next: Member = {
      name: 'AzureDeveloperCliCredential',
      group: 'dev',
      load: async () => ({}),
      create: () => ({ getToken: async () => token('azd') }),
    };
    const credential = new DefaultChainCredential({ env: {} }, [
      broken(
        new InvalidArgumentError(
          'AzureCliCredential: processTimeoutInMs must be a positive number of milliseconds.',
        ),
      ),
      next,
    ]);
    await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ token: 'token-from-azd' });
  });

  it('becomes a CredentialUnavailableError carrying the construction error', async () => {
    const cause = new InvalidArgumentError(
      'AzureCliCredential: processTimeoutInMs must be a positive number of milliseconds.',
    );
    const credential = new DefaultChainCredential({ env: {} }, [broken(cause)]);
    const error = (await credential.getToken(SCOPE).catch((e: unknown) => e)) as AggregateAuthenticationError;
    const placeholder = error.errors[0] as CredentialUnavailableError;
    expect(CredentialUnavailableError.isInstance(placeholder)).toBe(true);
    expect(placeholder.cause).toBe(cause);
    expect(placeholder.message).toMatch(
      /^AzureCliCredential could not be created: AzureCliCredential: processTimeoutInMs must be a positive number/,
    );
    expect(placeholder.message).toContain('excludeAzureCliCredential');
  });

  it('keeps an unavailable construction error as the reason', async () => {
    const cause = new CredentialUnavailableError('AzureCliCredential: the package is not installed.');
    const error = (await new DefaultChainCredential({ env: {} }, [broken(cause)])
      .getToken(SCOPE)
      .catch((e: unknown) => e)) as AggregateAuthenticationError;
    expect((error.errors[0] as Error).message).toBe('AzureCliCredential: the package is not installed.');
  });

  it('is never reported when the chain does not reach it', async () => {
    const first: Member = {
      name: 'EnvironmentCredential',
      group: 'prod',
      load: async () => ({}),
      create: () => ({ getToken: async () => token('env') }),
    };
    const credential = new DefaultChainCredential({ env: {} }, [first, broken(new Error('boom'))]);
    await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ token: 'token-from-env' });
  });

  it('includes a package that cannot be imported: reported when reached, never before', async () => {
    const missing = new Error("Cannot find package '@identity/azure-cli'");
    const unloadable: Member = {
      name: 'AzureCliCredential',
      group: 'dev',
      load: () => Promise.reject(missing),
      create: () => {
        throw new Error('never built: its package did not load');
      },
    };
    const first: Member = {
      name: 'EnvironmentCredential',
      group: 'prod',
      load: async () => ({}),
      create: () => ({ getToken: async () => token('env') }),
    };
    // Its import starts (and fails) at the walk's start; the chain stops before it, so nothing is reported.
    await expect(
      new DefaultChainCredential({ env: {} }, [first, unloadable]).getToken(SCOPE),
    ).resolves.toMatchObject({ token: 'token-from-env' });
    // Reached, it is unavailable, carrying the import error.
    const error = (await new DefaultChainCredential({ env: {} }, [unloadable])
      .getToken(SCOPE)
      .catch((e: unknown) => e)) as AggregateAuthenticationError;
    const placeholder = error.errors[0] as CredentialUnavailableError;
    expect(CredentialUnavailableError.isInstance(placeholder)).toBe(true);
    expect(placeholder.cause).toBe(missing);
    expect(placeholder.message).toMatch(/^AzureCliCredential could not be created: Cannot find package/);
  });
});

describe('options reach the members', () => {
  it('gives managed identity probe mode inside a chain, and not when it is alone', async () => {
    const inChain = world({ ManagedIdentityCredential: async () => token('mi') });
    await inChain.create().getToken(SCOPE);
    expect(inChain.settings.ManagedIdentityCredential?.probe).toBe(true);

    const alone = world({ ManagedIdentityCredential: async () => token('mi') });
    await alone.create({ env: { AZURE_TOKEN_CREDENTIALS: 'managedidentitycredential' } }).getToken(SCOPE);
    expect(alone.settings.ManagedIdentityCredential?.probe).toBe(false);
  });

  it('names the user-assigned identity from the options, or AZURE_CLIENT_ID', async () => {
    const fromEnv = world({ EnvironmentCredential: async () => token('env') });
    await fromEnv.create({ env: { AZURE_CLIENT_ID: 'from-env' } }).getToken(SCOPE);
    expect(fromEnv.settings.EnvironmentCredential).toMatchObject({
      managedIdentity: { clientId: 'from-env' },
      workloadIdentityClientId: 'from-env',
    });

    const fromOptions = world({ EnvironmentCredential: async () => token('env') });
    await fromOptions
      .create({
        env: { AZURE_CLIENT_ID: 'from-env' },
        managedIdentityResourceId: '/subscriptions/s/id',
        workloadIdentityClientId: 'wi-app',
        tenantId: 'contoso.com',
        processTimeoutInMs: 5000,
      })
      .getToken(SCOPE);
    expect(fromOptions.settings.EnvironmentCredential).toMatchObject({
      managedIdentity: { resourceId: '/subscriptions/s/id' },
      workloadIdentityClientId: 'wi-app',
      tenantId: 'contoso.com',
      processTimeoutInMs: 5000,
    });
  });

  it('passes the shared credential options with the resolved env', async () => {
    const { settings, create } = world({ EnvironmentCredential: async () => token('env') });
    const env = { AZURE_TENANT_ID: 't' };
    await create({ env, authorityHost: 'http://127.0.0.1:1', additionallyAllowedTenants: ['*'] }).getToken(
      SCOPE,
    );
    expect(settings.EnvironmentCredential?.credentialOptions).toMatchObject({
      env,
      authorityHost: 'http://127.0.0.1:1',
      additionallyAllowedTenants: ['*'],
    });
  });
});

describe('checked when the credential is created', () => {
  it.each<[string, DefaultAzureCredentialOptions]>([
    ['two managed identity ids', { managedIdentityClientId: 'a', managedIdentityObjectId: 'b' }],
    ['a malformed tenant', { tenantId: 'contoso.com/../evil' }],
    ['a missing required variable', { requiredEnvVars: ['AZURE_TOKEN_CREDENTIALS'] }],
    ['an invalid AZURE_TOKEN_CREDENTIALS', { env: { AZURE_TOKEN_CREDENTIALS: 'staging' } }],
    [
      'every member excluded',
      { env: { AZURE_TOKEN_CREDENTIALS: 'azureclicredential' }, excludeAzureCliCredential: true },
    ],
  ])('%s', (_label, options) => {
    expect(() => world({}).create(options)).toThrow(InvalidArgumentError);
  });

  it('leaves out a member that cannot run on this runtime, and says so', () => {
    // The default chain as the edge build has it: no import for the members that need Node.js.
    const runsHere = ['EnvironmentCredential', 'WorkloadIdentityCredential'];
    const edge: Member[] = DEFAULT_CHAIN.map(({ name, group }) => ({
      name,
      group,
      load: runsHere.includes(name) && (async () => ({})),
      create: () => ({ getToken: async () => token(name) }),
    }));
    const credential = new DefaultChainCredential({ env: {} }, edge);
    expect(credential.members.map((member) => member.name)).toEqual(runsHere);
    expect(credential.selection.find((choice) => choice.name === 'AzureCliCredential')).toEqual({
      name: 'AzureCliCredential',
      included: false,
      reason: 'cannot run on this runtime',
    });
    expect(() => new DefaultChainCredential({ env: { AZURE_TOKEN_CREDENTIALS: 'dev' } }, edge)).toThrow(
      /no credential is left in the chain .*AzureCliCredential: cannot run on this runtime/,
    );
  });
});

describe('head start for the developer tools', () => {
  it('starts the tools while a slow member thinks, and still answers in chain order', async () => {
    const answered: string[] = [];
    const { events, create } = world({
      ManagedIdentityCredential: async () => {
        await sleep(200);
        answered.push(`ManagedIdentityCredential after ${events.length} events`);
        throw new CredentialUnavailableError('ManagedIdentityCredential: no IMDS answer within 1000 ms.');
      },
      AzureCliCredential: async () => {
        await sleep(50);
        return token('cli');
      },
      AzurePowerShellCredential: async () => token('pwsh'),
    });
    const credential = create({}, 20);
    await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ token: 'token-from-cli' });
    // Every tool had been asked before managed identity gave up; the faster PowerShell still did not win.
    const toolsAsked = events.indexOf('ask AzureDeveloperCliCredential') + 1;
    expect(toolsAsked).toBeGreaterThan(0);
    expect(answered).toEqual([`ManagedIdentityCredential after ${toolsAsked} events`]);
    expect(credential.selectedCredentialName).toBe('AzureCliCredential');
  });

  it('takes the total time of the slowest, not the sum', async () => {
    const slow = (ms: number, name: string) => async () => {
      await sleep(ms);
      throw new CredentialUnavailableError(`${name}: not here.`);
    };
    const { create } = world({
      ManagedIdentityCredential: slow(300, 'ManagedIdentityCredential'),
      AzureCliCredential: slow(300, 'AzureCliCredential'),
      AzurePowerShellCredential: slow(300, 'AzurePowerShellCredential'),
      AzureDeveloperCliCredential: slow(300, 'AzureDeveloperCliCredential'),
    });
    const started = performance.now();
    const error = await create({}, 20)
      .getToken(SCOPE)
      .catch((e: unknown) => e);
    expect(AggregateAuthenticationError.isInstance(error)).toBe(true);
    // Sequential would be 1200 ms; overlapped it is about 320 ms. Generous for a loaded machine.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('leaves a quick member alone: nothing starts early', async () => {
    const { events, create } = world({ ManagedIdentityCredential: async () => token('mi') });
    await create({}, 50).getToken(SCOPE);
    await sleep(80);
    expect(events.filter((event) => event.startsWith('ask'))).not.toContain('ask AzureCliCredential');
  });

  it('stops work started early that was not needed, and never shows its error', async () => {
    let cliSignal: GetTokenOptions['abortSignal'];
    const { create } = world({
      ManagedIdentityCredential: async () => {
        await sleep(100);
        return token('mi');
      },
      AzureCliCredential: (options) => {
        cliSignal = options?.abortSignal;
        return new Promise((_resolve, reject) =>
          options?.abortSignal?.addEventListener('abort', () => reject(new Error('stopped'))),
        );
      },
    });
    await expect(create({}, 10).getToken(SCOPE)).resolves.toMatchObject({ token: 'token-from-mi' });
    expect(cliSignal?.aborted).toBe(true);
  });

  it('passes the caller abort on to work started early', async () => {
    const controller = new AbortController();
    let cliSignal: GetTokenOptions['abortSignal'];
    const { create } = world({
      ManagedIdentityCredential: async () => {
        await sleep(100);
        throw new CredentialUnavailableError('ManagedIdentityCredential: no.');
      },
      AzureCliCredential: async (options) => {
        cliSignal = options?.abortSignal;
        return token('cli');
      },
    });
    const call = create({}, 10).getToken(SCOPE, { abortSignal: controller.signal });
    await sleep(50);
    controller.abort();
    expect(cliSignal?.aborted).toBe(true);
    await call.catch(() => undefined);
  });
});
