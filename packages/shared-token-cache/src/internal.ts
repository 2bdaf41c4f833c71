/**
 * `@identity/shared-token-cache/internal`: which account SharedTokenCacheCredential would use, for `@identity/cli`
 * (`identity doctor` tells what the credential would do without asking it for a token, which writes the cache). It is
 * versioned with the CLI and may change in any release: build on the public `@identity/shared-token-cache` entry
 * instead.
 *
 * @packageDocumentation
 * @internal
 */
export type { AccountChoice, AccountCriteria } from './shared-token-cache-account-choice.js';
export { chooseAccount } from './shared-token-cache-account-choice.js';
