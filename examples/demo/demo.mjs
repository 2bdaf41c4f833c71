// The README's demo: the default chain end to end. The Entra ID emulator starts in this process; environment
// variables point DefaultAzureCredential at it (a service principal in AZURE_*, and IMDS at the emulator, so
// nothing ever reaches the real one); it gets a token; getBearerTokenProvider reuses it; and `identity doctor`,
// run as a user would run it, shows every member of the chain and why the chain chose the one it did.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getBearerTokenProvider } from '@identity/core';
import { DefaultAzureCredential } from '@identity/default';
import { startEmulator } from '@identity/emulator';

const scope = 'https://vault.azure.net/.default';
// What a token says: its payload, decoded (the demo shows claims; it verifies nothing).
const decodeJwtClaims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const elapsed = (since) => `${(performance.now() - since).toFixed(1)} ms`;

// The built `identity` binary, found through the package the demo depends on.
const require = createRequire(import.meta.url);
const identityCli = join(dirname(require.resolve('@identity/cli/package.json')), 'dist', 'cli.js');

function runIdentity(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [identityCli, ...args], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 60_000,
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

const started = performance.now();
const emulator = await startEmulator();
const app = emulator.registerApp({ displayName: 'demo', roles: ['Secrets.Read'] });
// The resource's user-assigned identity shares the app's client id (AZURE_CLIENT_ID names both), so managed
// identity works here too: doctor shows two members that work, and the chain picks the first.
emulator.managedIdentity.assign({ clientId: app.clientId, roles: ['Secrets.Read'] });
console.log(
  `Emulator listening at ${emulator.url} (tenant ${emulator.tenantId}), started in ${elapsed(started)}`,
);

// What a deployment would set. IMDS is the emulator's, so managed identity works too, without leaving the box.
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  // Where `identity doctor` and what it runs may write temporary files: the run's own folder, which the
  // test command's demo step checks is empty afterwards.
  ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
  AZURE_TENANT_ID: app.tenantId,
  AZURE_CLIENT_ID: app.clientId,
  AZURE_CLIENT_SECRET: app.clientSecret,
  AZURE_AUTHORITY_HOST: emulator.url,
  ...emulator.managedIdentity.environment('IMDS'),
};

try {
  const credential = new DefaultAzureCredential({ env });

  let at = performance.now();
  const token = await credential.getToken(scope);
  console.log(
    `\nDefaultAzureCredential.getToken('${scope}'): ${credential.selectedCredentialName}, first token in ${elapsed(at)}`,
  );

  at = performance.now();
  await credential.getToken(scope);
  console.log(`  again, from the remembered member's cache: ${elapsed(at)}`);

  at = performance.now();
  await Promise.all(
    Array.from({ length: 100 }, () => credential.getToken('https://storage.azure.com/.default')),
  );
  console.log(
    `  100 concurrent calls for another scope: ${elapsed(at)}, ${emulator.requestCount('token')} token requests in all`,
  );

  const claims = decodeJwtClaims(token.token);
  console.log('\nThe token says (decoded, never printed whole):');
  for (const name of ['iss', 'aud', 'tid', 'appid', 'oid', 'roles', 'ver']) {
    console.log(`  ${name.padEnd(6)} ${JSON.stringify(claims?.[name])}`);
  }
  console.log(
    `  expires ${new Date(token.expiresOnTimestamp).toISOString()}, refresh after ${new Date(token.refreshAfterTimestamp).toISOString()}`,
  );
  const verified = await emulator.verifyAccessToken(token.token);
  console.log(
    `  signature verified against the emulator's JWKS: ${verified.aud === 'https://vault.azure.net'}`,
  );

  at = performance.now();
  const getBearerToken = getBearerTokenProvider(credential, scope);
  const bearer = await getBearerToken();
  console.log(
    `\ngetBearerTokenProvider: a ${bearer.length}-character bearer token in ${elapsed(at)} (same token: ${bearer === token.token})`,
  );

  // The same machine with AZURE_TOKEN_CREDENTIALS naming managed identity: no probe, the emulator's IMDS.
  at = performance.now();
  const managed = new DefaultAzureCredential({
    env: { ...env, AZURE_TOKEN_CREDENTIALS: 'ManagedIdentityCredential' },
  });
  const miToken = await managed.getToken(scope);
  console.log(
    `\nAZURE_TOKEN_CREDENTIALS=ManagedIdentityCredential: ${managed.selectedCredentialName}, token for oid ${decodeJwtClaims(miToken.token)?.oid} in ${elapsed(at)}`,
  );

  console.log('\n$ identity doctor --scope https://vault.azure.net/.default\n');
  at = performance.now();
  const code = await runIdentity(['doctor', '--scope', scope], env);
  console.log(`\nidentity doctor exited ${code} in ${elapsed(at)}.`);
  console.log(`\nDone in ${elapsed(started)}.`);
} finally {
  await emulator.stop();
}
