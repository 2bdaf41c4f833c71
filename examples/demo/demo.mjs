// The README's demo: start the Entra ID emulator in this process, get a token with ClientSecretCredential and
// through getBearerTokenProvider, and show what the token says and how long each step took.
import { ClientSecretCredential } from '@identity/client-secret';
import { decodeJwtClaims, getBearerTokenProvider } from '@identity/core';
import { startEmulator } from '@identity/emulator';

const scope = 'https://vault.azure.net/.default';
const elapsed = (since) => `${(performance.now() - since).toFixed(1)} ms`;

const started = performance.now();
const emulator = await startEmulator();
const app = emulator.registerApp({ displayName: 'demo', roles: ['Secrets.Read'] });
console.log(
  `Emulator listening at ${emulator.url} (tenant ${emulator.tenantId}), started in ${elapsed(started)}`,
);

try {
  const credential = new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret, {
    authorityHost: emulator.url,
  });

  let at = performance.now();
  const token = await credential.getToken(scope);
  console.log(`\nClientSecretCredential.getToken('${scope}'): first token in ${elapsed(at)}`);

  at = performance.now();
  await credential.getToken(scope);
  console.log(`  again, from the cache: ${elapsed(at)}`);

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
  console.log(`\nDone in ${elapsed(started)}.`);
} finally {
  await emulator.stop();
}
