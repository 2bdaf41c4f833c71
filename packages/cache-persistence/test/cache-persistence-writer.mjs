// One process of the concurrency test: signs `count` accounts into the cache in `directory`, one write each, as
// that many user credentials of separate runs would. Arguments: <directory> <writer number> <count>.
import { PersistentTokenCache } from '../dist/index.js';

const [directory, writer, count] = process.argv.slice(2);
const cache = new PersistentTokenCache({
  directory,
  unsafeAllowUnencryptedStorage: true,
  lockTimeoutMs: 60_000,
});
for (let i = 0; i < Number(count); i++) {
  const homeAccountId = `uid-${writer}-${i}.tenant`;
  await cache.accounts.set(`${homeAccountId}|app|login.windows.net`, {
    authority: 'login.windows.net',
    homeAccountId,
    clientId: 'app',
    tenantId: 'tenant',
    username: `user-${writer}-${i}@contoso.example`,
    refreshToken: `refresh-${writer}-${i}`,
  });
}
await cache.close();
