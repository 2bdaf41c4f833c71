import { InvalidArgumentError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN } from './default-azure-credential-members.js';
import type { DefaultAzureCredentialOptions } from './default-azure-credential-options.js';
import type { DefaultChainSelection } from './default-azure-credential-selection.js';
import { DEFAULT_CHAIN_ORDER, selectDefaultChain } from './default-azure-credential-selection.js';

const included = (options: DefaultAzureCredentialOptions, env: Record<string, string | undefined>) =>
  selectDefaultChain(options, env)
    .filter((member) => member.included)
    .map((member) => member.name);

const ALL = [...DEFAULT_CHAIN_ORDER];
const PROD = ['EnvironmentCredential', 'WorkloadIdentityCredential', 'ManagedIdentityCredential'];
const DEV = [
  'SharedTokenCacheCredential',
  'AzureCliCredential',
  'AzurePowerShellCredential',
  'AzureDeveloperCliCredential',
];
// Without AZURE_TOKEN_CREDENTIALS: every member but VisualStudioCodeCredential (not built here) and
// InteractiveBrowserCredential (it prompts), which are out unless asked for.
const BY_DEFAULT = [...PROD, ...DEV];
const choiceOf = (selection: DefaultChainSelection[], name: string) =>
  selection.find((choice) => choice.name === name);

describe('AZURE_TOKEN_CREDENTIALS picks the members', () => {
  it.each([
    ['unset', undefined, BY_DEFAULT],
    ['blank', '   ', BY_DEFAULT],
    ['dev', 'dev', DEV],
    ['prod', 'prod', PROD],
    ['upper case and spaces', '  PROD ', PROD],
    ['environmentcredential', 'environmentcredential', ['EnvironmentCredential']],
    ['workloadidentitycredential', 'workloadidentitycredential', ['WorkloadIdentityCredential']],
    ['managedidentitycredential', 'ManagedIdentityCredential', ['ManagedIdentityCredential']],
    ['sharedtokencachecredential', 'SharedTokenCacheCredential', ['SharedTokenCacheCredential']],
    ['azureclicredential', 'azureclicredential', ['AzureCliCredential']],
    ['azurepowershellcredential', 'AzurePowerShellCredential', ['AzurePowerShellCredential']],
    ['azuredeveloperclicredential', 'azuredeveloperclicredential', ['AzureDeveloperCliCredential']],
    [
      'visualstudiocodecredential (not built here)',
      'VisualStudioCodeCredential',
      ['VisualStudioCodeCredential'],
    ],
    ['interactivebrowsercredential', 'InteractiveBrowserCredential', ['InteractiveBrowserCredential']],
  ])('%s', (_label, value, expected) => {
    const env = value === undefined ? {} : { AZURE_TOKEN_CREDENTIALS: value };
    expect(included({}, env)).toEqual(expected);
  });

  it.each(['development', 'BrokerCredential', 'dev,prod', 'cli'])(
    'rejects %j and lists the valid values',
    (value) => {
      const attempt = () => selectDefaultChain({}, { AZURE_TOKEN_CREDENTIALS: value });
      expect(attempt).toThrow(InvalidArgumentError);
      expect(attempt).toThrow(/use dev, prod or one of EnvironmentCredential, WorkloadIdentityCredential/);
      expect(attempt).toThrow(/AzureDeveloperCliCredential, InteractiveBrowserCredential, in any case/);
    },
  );

  it('says why a member is out', () => {
    const cli = choiceOf(selectDefaultChain({}, { AZURE_TOKEN_CREDENTIALS: 'prod' }), 'AzureCliCredential');
    expect(cli).toEqual({
      name: 'AzureCliCredential',
      included: false,
      reason: 'not selected by AZURE_TOKEN_CREDENTIALS=prod',
    });
  });
});

describe('the exclude…Credential options', () => {
  it.each<[string, DefaultAzureCredentialOptions, Record<string, string>, string[]]>([
    [
      'exclude one',
      { excludeManagedIdentityCredential: true },
      {},
      BY_DEFAULT.filter((n) => n !== 'ManagedIdentityCredential'),
    ],
    [
      'exclude several',
      { excludeEnvironmentCredential: true, excludeAzurePowerShellCredential: true },
      {},
      [
        'WorkloadIdentityCredential',
        'ManagedIdentityCredential',
        'SharedTokenCacheCredential',
        'AzureCliCredential',
        'AzureDeveloperCliCredential',
      ],
    ],
    [
      'narrow dev further',
      { excludeAzureCliCredential: true },
      { AZURE_TOKEN_CREDENTIALS: 'dev' },
      DEV.filter((n) => n !== 'AzureCliCredential'),
    ],
    [
      'leave the shared token cache out, as Python',
      { excludeSharedTokenCacheCredential: true },
      { AZURE_TOKEN_CREDENTIALS: 'dev' },
      DEV.slice(1),
    ],
    [
      'an explicit false brings a member back that the variable left out',
      { excludeAzureCliCredential: false },
      { AZURE_TOKEN_CREDENTIALS: 'prod' },
      [...PROD, 'AzureCliCredential'],
    ],
    [
      'an explicit true removes the one the variable named',
      { excludeAzureCliCredential: true },
      { AZURE_TOKEN_CREDENTIALS: 'azureclicredential' },
      [],
    ],
    ['false on a member already in changes nothing', { excludeEnvironmentCredential: false }, {}, BY_DEFAULT],
  ])('%s', (_label, options, env, expected) => {
    expect(included(options, env)).toEqual(expected);
  });

  it('names the option that excluded a member', () => {
    expect(selectDefaultChain({ excludeEnvironmentCredential: true }, {})[0]?.reason).toBe(
      'excluded by the excludeEnvironmentCredential option',
    );
  });
});

describe('a member that cannot run on this runtime', () => {
  // The default chain as the edge build has it: no import for the members that need Node.js.
  const edge = DEFAULT_CHAIN.map((member) =>
    member.group === 'prod' && member.name !== 'ManagedIdentityCredential'
      ? member
      : { ...member, load: false as const },
  );

  it('is out, whatever AZURE_TOKEN_CREDENTIALS and the exclude… options say', () => {
    const selection = selectDefaultChain(
      { excludeAzureCliCredential: false },
      { AZURE_TOKEN_CREDENTIALS: 'dev' },
      edge,
    );
    expect(selection.filter((member) => member.included)).toEqual([]);
    expect(choiceOf(selection, 'AzureCliCredential')).toEqual({
      name: 'AzureCliCredential',
      included: false,
      reason: 'cannot run on this runtime',
    });
  });

  it('is still named, and a reason to leave it out comes first', () => {
    const selection = selectDefaultChain({ excludeAzurePowerShellCredential: true }, {}, edge);
    expect(selection.map((member) => member.name)).toEqual(ALL);
    expect(selection.filter((member) => member.included).map((member) => member.name)).toEqual(
      PROD.slice(0, 2),
    );
    expect(choiceOf(selection, 'AzurePowerShellCredential')?.reason).toBe(
      'excluded by the excludeAzurePowerShellCredential option',
    );
  });
});

describe('InteractiveBrowserCredential, which prompts the user: excluded by default, as in Python', () => {
  it('is out unless asked for, and says how to ask', () => {
    expect(included({}, {})).not.toContain('InteractiveBrowserCredential');
    expect(choiceOf(selectDefaultChain({}, {}), 'InteractiveBrowserCredential')).toEqual({
      name: 'InteractiveBrowserCredential',
      included: false,
      reason: 'left out unless asked for (set the excludeInteractiveBrowserCredential option to false)',
    });
  });

  it('is in, last, when its exclude… option is false; alone when AZURE_TOKEN_CREDENTIALS names it', () => {
    expect(included({ excludeInteractiveBrowserCredential: false }, {})).toEqual([
      ...BY_DEFAULT,
      'InteractiveBrowserCredential',
    ]);
    expect(ALL.at(-1)).toBe('InteractiveBrowserCredential');
    expect(included({}, { AZURE_TOKEN_CREDENTIALS: 'interactivebrowsercredential' })).toEqual([
      'InteractiveBrowserCredential',
    ]);
  });

  it('is in neither group', () => {
    expect(included({}, { AZURE_TOKEN_CREDENTIALS: 'dev' })).toEqual(DEV);
    expect(included({}, { AZURE_TOKEN_CREDENTIALS: 'prod' })).toEqual(PROD);
  });
});
