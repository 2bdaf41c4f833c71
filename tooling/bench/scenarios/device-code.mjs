// DeviceCodeCredential: @identity/device-code beside @azure/identity.
import { oneCredentialScenario, userSilentTokenMeasure } from '../measure/one-credential-scenario.mjs';

export default oneCredentialScenario({
  name: 'device-code',
  ours: '@identity/device-code',
  // The whole app: a command-line tool that signs its user in and gets one token.
  app: (specifier) => `import { DeviceCodeCredential } from '${specifier}';
const credential = new DeviceCodeCredential({ clientId: 'client-id', tenantId: 'tenant-id' });
export const token = await credential.getToken('https://graph.microsoft.com/User.Read');
`,
  // Issue #12 asks 6 KiB wherever it runs and this is NOT met yet: core's shared HTTP, cache and error code is
  // ~4.6 KiB alone and the user-token engine ~2.6 KiB. These budgets hold today's size so it cannot grow while the
  // gap is closed. The single file also holds, inlined, the proxy tunnel a Node app loads only behind a proxy.
  // Issue #13 adds 0.125 KiB: every credential takes tokenCachePersistenceOptions as the peer's do (the plugin hook and
  // its error when no plugin is registered; the persistence code itself stays in @identity/cache-persistence).
  // Re-based by 0.375 KiB (7,538 B → 7,828 B node entry, 8,916 B → 9,213 B single file) for close() and `await
  // using` (the issue asks them of every credential that holds a resource; here, a sign-in's polling): core's
  // CredentialLifetime (one signal that stops polling, the set of runs close waits for, the error of a call after
  // close) and the user-token engine's use of it, shared with every user credential and the developer tools.
  // Lowered to the next 0.125 KiB above what core's smaller JWT decoding left (atob takes unpadded base64url):
  // 7,820 B at start on Node, 9,201 B in one file (budget 9 KiB), 7,816 B for browsers and edge. 6 KiB is still
  // ~1.6 KiB away: the engine (PublicClient ~950 B gzip, the sign-in's polling ~430 B, the account from the ID
  // token ~180 B, CredentialLifetime ~165 B) sits on the same core as ClientSecretCredential (see client-secret.mjs
  // for what that costs and why it is not smaller), and none of it is dead weight for this app.
  // The single file re-based by 0.125 KiB (9,201 B → 9,293 B; the other bundles stay within 7.75 KiB at 7,915 B)
  // for the hardening an adversarial review asked for, which had 15 B of room: the device-code answer's interval
  // held to 1–60 s and expires_in to an hour (a hostile answer made it poll without pause, or for ever), an async
  // prompt's rejection ending the sign-in (it was unhandled and ended the process), the default prompt dropping
  // control characters (terminal escape sequences), and no sign-in after an abort (core).
  // Node's entry chunk re-based by 0.125 KiB (7,915 B → 7,938 B, 2 B over) for core's part of
  // stop 21's black-box reviews: every errorResponse field redacted (an endpoint echoing the identity header or
  // System.AccessToken kept it there), and a token request let go of once every caller timed out (a getAssertion
  // that never returned held the credential for ever).
  // The single file and the web rows re-based by 0.125 KiB (9,310 B → 9,343 B; 7,926 B → 7,963 B) for core's two fixes of stop 22 (about +36 B wherever core's token cache and HTTP client are): a
  // requestTimeoutInMs or requestOptions.timeout of Infinity is no bound (Node fired such a timer after 1 ms, timing
  // every request out), and a caller who needs a token never waits for a background refresh (on Cloudflare Workers
  // one started by an earlier request never settles, so a credential kept in module scope hung once its token expired).
  // Every row re-based by 0.125 KiB (node entry 8,040 B → 8,115 B, single file 9,413 B → 9,487 B, web rows 8,028 B →
  // 8,101 B; 24 B, 59 B and 36 B of room before) for two fixes of the username-password/device-code review, both in
  // core: a secret an endpoint echoes JSON-escaped (a password with a `"` or `\`, in the raw body) or that an error's
  // excerpt or first line cuts in two is redacted (about +45 B wherever core's errors are), and the sign-in honours
  // the caller's requestOptions.timeout (it polled on until the code expired, up to an hour; about +30 B).
  // Node's entry chunk re-based by 0.125 KiB (8,136 B → 8,196 B, 4 B over) for the user-token engine forgetting a
  // refresh token Entra refuses as dead (suberror bad_token) where it is kept, instead of sending it again on every
  // call and in every process (the other rows stay within theirs: 9,573 B in one file, 8,179 B for the web).
  // The web rows re-based by 0.125 KiB (8,179 B → 8,193 B, 1 B over) for the review of that fix: a store that hands
  // out frozen accounts turned the refusal into a TypeError ("Cannot delete property 'refreshToken'").
  // The single file re-based by 0.125 KiB (9,589 B → 9,615 B, 15 B over) for the user-token engine keeping Entra's
  // `foci` (a refresh token of Microsoft's family of client ids): the persistent cache marks such a token `family_id`
  // as MSAL does, without which the family's other tools and Python's SharedTokenCacheCredential ignore our cache's
  // sign-ins (the other rows stay within theirs: 8,233 B at start, 8,216 B for the web).
  // ../size-accounting.md lists what each byte of this app buys and which requirement asks for it: without every
  // behaviour no issue item names it is still ~1.9 KiB over issue #12's 6 KiB.
  budgets: { node: 8.125 * 1024, nodeSingleFile: 9.5 * 1024, browser: 8.125 * 1024, neutral: 8.125 * 1024 },
  installBudgets: { packages: 3 },
  measures: {
    // Issue #12: the first silent token beside the peer's. Both libraries take the same path for every user
    // credential (the account's refresh token), so device code, which both can drive headless, stands for them all.
    'first silent token': userSilentTokenMeasure({
      ours: '@identity/device-code',
      className: 'DeviceCodeCredential',
      scope: 'https://graph.microsoft.com/User.Read',
      silentScope: 'https://vault.azure.net/.default',
    }),
  },
});
