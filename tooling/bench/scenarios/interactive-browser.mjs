// InteractiveBrowserCredential: @identity/interactive-browser beside @azure/identity. The browser row is the web
// page's credential (the `browser` condition: pop-up and redirect, PKCE with WebCrypto) beside the peer's, which
// ships MSAL Browser; the Node rows are the Node credential (system browser, loopback server).
import { oneCredentialScenario } from '../measure/one-credential-scenario.mjs';

export default oneCredentialScenario({
  name: 'interactive-browser',
  ours: '@identity/interactive-browser',
  // The whole app: a page (or a command-line tool) that signs its user in and gets one token.
  app: (specifier) => `import { InteractiveBrowserCredential } from '${specifier}';
const credential = new InteractiveBrowserCredential({ clientId: 'client-id', tenantId: 'tenant-id' });
export const token = await credential.getToken('https://graph.microsoft.com/User.Read');
`,
  // Issue #12 asks 8 KiB for the browser app and this is NOT met yet (10.0 KiB: the user-token engine is ~6.6 KiB
  // with the core under it); the budget holds today's size so it cannot grow while the gap is closed. The Node entry
  // chunk holds the credential and the user-token engine; the loopback server and the opener wait behind an import()
  // until a user must sign in, and the single file inlines them (with the proxy tunnel a Node app loads only behind a
  // proxy).
  // Issue #13 adds 0.125 KiB: every credential takes tokenCachePersistenceOptions as the peer's do (the plugin hook and
  // its error when no plugin is registered; the persistence code itself stays in @identity/cache-persistence).
  // Re-based by 0.25 KiB (10,434 B → 10,718 B measured) for close() and `await using` (the issue asks them of every
  // credential that holds a resource): core's CredentialLifetime (one signal that stops a pending sign-in, the set of
  // runs close waits for, the error of a call after close) and the user-token engine's use of it. It is shared by
  // every user credential and by the developer tools, so it is in the engine rather than written per credential.
  // Measured 10,709 B after core's smaller JWT decoding (-24 B), still within the next 0.125 KiB above it; 8 KiB is
  // ~2.5 KiB away: the user-token engine and core as in device-code.mjs, plus the authorize URL (~350 B gzip), the
  // answer's checks (state, error, code: ~300 B), the page's credential (~350 B) and the pop-up (~250 B).
  // Re-based by 0.125 KiB (10,740 B → 10,773 B) for core's two fixes of stop 22 (about +36 B wherever core's token cache and HTTP client are): a
  // requestTimeoutInMs or requestOptions.timeout of Infinity is no bound (Node fired such a timer after 1 ms, timing
  // every request out), and a caller who needs a token never waits for a background refresh (on Cloudflare Workers
  // one started by an earlier request never settles, so a credential kept in module scope hung once its token expired).
  // Re-based by 0.125 KiB (now 10,920 B) for two fixes in core from the username-password/device-code review: a
  // secret an endpoint echoes JSON-escaped (a password with a `"` or `\`, kept in an AuthenticationError's raw body)
  // or that an error's excerpt or first line cuts in two is redacted (about +45 B wherever core's errors are), and a
  // user sign-in honours the caller's requestOptions.timeout (it polled on until the code expired; about +30 B
  // wherever core's PublicClient is).
  // Re-based by 0.125 KiB (10,946 B → 11,037 B) for two core fixes of stop 25 in the user-token engine: a refresh
  // token Entra refuses as dead (suberror bad_token) is forgotten where it is kept instead of being sent again on
  // every call, and a sign-in answer's `error` that is no plain code is shown quoted and cut, its description at
  // most 1,000 characters (a forged redirect could add a log line or make a 64 KiB message).
  // ../size-accounting.md lists what each byte of this app buys and which requirement asks for it: without every
  // behaviour a requirement asks for, it is still over issue #12's 8 KiB (8,398 B).
  budgets: { browser: 10.875 * 1024 },
  installBudgets: { packages: 3 },
});
