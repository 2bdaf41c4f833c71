// A run of an app on @identity with the persistent cache, as drop-in code writes it (useIdentityPlugin and
// tokenCachePersistenceOptions; the cache in $HOME/.IdentityService). Input: JSON in CACHE_TEST_INPUT
// { authorityHost, tenantId, clientId, scopes, record? }. With a record it must get its tokens silently; without
// one it signs the user in with the device code (printing `CODE <user code>` for the test to approve). Output: one
// line `RESULT <json>`: the tokens (or `ERROR <name>` for a call that failed), the record, and whether fs's streams had loaded by the first token.
import { serializeAuthenticationRecord, useIdentityPlugin } from '@identity/core';
import { DeviceCodeCredential } from '@identity/device-code';
import { cachePersistencePlugin } from '../dist/index.js';

const input = JSON.parse(process.env.CACHE_TEST_INPUT);
useIdentityPlugin(cachePersistencePlugin);
const credential = new DeviceCodeCredential({
  authorityHost: input.authorityHost,
  tenantId: input.tenantId,
  clientId: input.clientId,
  authenticationRecord: input.record,
  disableAutomaticAuthentication: Boolean(input.record),
  tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true },
  userPromptCallback: (info) => console.log(`CODE ${info.userCode}`),
});
const record = input.record ?? (await credential.authenticate(input.scopes[0]));
const tokens = [];
// Whether Node had loaded fs's streams by the first token: a silent run reads its cache file without them.
let fsStreamsAtFirstToken;
for (const scope of input.scopes) {
  // A silent run that cannot get a token says why, by the error's name: `ERROR <name>`.
  tokens.push(
    await credential.getToken(scope).then(
      (t) => t.token,
      (e) => `ERROR ${e.name}`,
    ),
  );
  fsStreamsAtFirstToken ??= process.moduleLoadList.includes('NativeModule internal/fs/streams');
}
console.log(
  `RESULT ${JSON.stringify({ tokens, record: JSON.parse(serializeAuthenticationRecord(record)), fsStreamsAtFirstToken })}`,
);
