// The small real apps every bundler of the matrix builds. Each is what a user writes: the package by its name,
// configured the way its docs say (options, a certificate file, the deployment's environment variables). The
// Node apps define `async function main(input)` (see bundledAppEntry in tooling/vitest/test-bundled-app.ts) and
// return the tokens they got; errors come back as data, so a failing cell shows the library's own message.

const SCOPE = 'https://vault.azure.net/.default';

/** The scope every app asks for; its tokens' audience is {@link AUDIENCE}. */
export const APP_SCOPE = SCOPE;
/** The audience of the apps' tokens. */
export const AUDIENCE = 'https://vault.azure.net';

// The body of `main`, after the credential is made: its token, or its error.
const GET_TOKEN = `try {
    return { token: (await credential.getToken('${SCOPE}')).token };
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }`;

/**
 * The Node apps, by the feature they use. Inputs: `tenantId`, `clientId`, `clientSecret`, `authorityHost`,
 * `certificatePath`, `managedIdentityEnv`; the rest comes from the process's environment, as deployed.
 *
 * @example
 * ```ts
 * const files = await buildNodeApp('webpack', 'esm', NODE_APPS['certificate file']);
 * ```
 */
export const NODE_APPS = {
  'client secret': `import { ClientSecretCredential } from '@identity/client-secret';
async function main({ tenantId, clientId, clientSecret, authorityHost }) {
  const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, { authorityHost });
  ${GET_TOKEN}
}`,
  'certificate file': `import { ClientCertificateCredential } from '@identity/client-certificate';
async function main({ tenantId, clientId, certificatePath, authorityHost }) {
  const credential = new ClientCertificateCredential(tenantId, clientId, { certificatePath }, { authorityHost });
  ${GET_TOKEN}
}`,
  // The deployment's environment names the identity endpoint, as App Service or a VM's pod identity does.
  'managed identity': `import { ManagedIdentityCredential } from '@identity/managed-identity';
async function main() {
  const credential = new ManagedIdentityCredential();
  ${GET_TOKEN}
}`,
  // Twice: from the process's AZURE_* variables (the environment member, in the entry chunk), and from a managed
  // identity's (a member the chain loads lazily, from a chunk of its own where the bundler splits one off). Then the
  // chain narrowed to SharedTokenCacheCredential, which an app without the persistence plugin bundles too (it never
  // imports the cache's native binding): its chunk loads and reports itself unavailable.
  DefaultAzureCredential: `import { DefaultAzureCredential } from '@identity/default';
async function tokenOf(credential) {
  ${GET_TOKEN}
}
async function main({ managedIdentityEnv }) {
  return {
    environment: await tokenOf(new DefaultAzureCredential()),
    managedIdentity: await tokenOf(new DefaultAzureCredential({ env: managedIdentityEnv })),
    sharedTokenCache: await tokenOf(
      new DefaultAzureCredential({ env: { AZURE_TOKEN_CREDENTIALS: 'SharedTokenCacheCredential' } }),
    ),
  };
}`,
} as const;

/** A feature of {@link NODE_APPS}. */
export type NodeFeature = keyof typeof NODE_APPS;

/**
 * The browser apps vite builds, by page: each page's module puts `run(input)` on `window`, which resolves to the
 * token (or the error) its credential got. Inputs: `tenantId`, `clientId`, `clientSecret`, `authorityHost`.
 *
 * @example
 * ```ts
 * const token = await page.evaluate((input) => window.run(input), input);
 * ```
 */
export const BROWSER_APPS = {
  'client secret': `import { ClientSecretCredential } from '@identity/client-secret';
window.run = async ({ tenantId, clientId, clientSecret, authorityHost }) => {
  const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, { authorityHost });
  ${GET_TOKEN}
};`,
  // The default chain's edge entry (the `browser` condition), configured as a page has to: from its own settings.
  DefaultAzureCredential: `import { DefaultAzureCredential } from '@identity/default';
window.run = async ({ tenantId, clientId, clientSecret, authorityHost }) => {
  const credential = new DefaultAzureCredential({
    env: { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: clientSecret, AZURE_AUTHORITY_HOST: authorityHost },
  });
  ${GET_TOKEN}
};`,
} as const;

/**
 * The Cloudflare worker wrangler builds: DefaultAzureCredential configured from the worker's bindings, answering
 * each request with its token (or its error) as JSON.
 *
 * @example
 * ```ts
 * const out = await buildWorkerWithWrangler(WORKER_APP);
 * ```
 */
export const WORKER_APP = `import { DefaultAzureCredential } from '@identity/default';
export default {
  async fetch(_request, env) {
    const credential = new DefaultAzureCredential({ env });
    return Response.json(await (async () => {
      ${GET_TOKEN}
    })());
  },
};`;
