// The same run on @azure/identity with @azure/identity-cache-persistence (unsafeAllowUnencryptedStorage: the cache
// in clear in $HOME/.IdentityService, as the peer writes it where it has no keyring). Same input and output as
// cache-persistence-ours.mjs.
import { DeviceCodeCredential, useIdentityPlugin } from '@azure/identity';
import { cachePersistencePlugin } from '@azure/identity-cache-persistence';

const input = JSON.parse(process.env.CACHE_TEST_INPUT);
useIdentityPlugin(cachePersistencePlugin);
const credential = new DeviceCodeCredential({
  authorityHost: input.authorityHost,
  tenantId: input.tenantId,
  clientId: input.clientId,
  disableInstanceDiscovery: true,
  authenticationRecord: input.record,
  disableAutomaticAuthentication: Boolean(input.record),
  tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true },
  userPromptCallback: (info) => console.log(`CODE ${info.userCode}`),
});
const record = input.record ?? (await credential.authenticate(input.scopes[0]));
const tokens = [];
for (const scope of input.scopes) tokens.push((await credential.getToken(scope)).token);
console.log(`RESULT ${JSON.stringify({ tokens, record })}`);
process.exit(0);
