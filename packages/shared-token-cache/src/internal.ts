// For the other @identity packages, not apps: which account SharedTokenCacheCredential would use, so that
// `identity doctor` tells what the credential would do without asking it for a token (which writes the cache).
export type { AccountChoice, AccountCriteria } from './shared-token-cache-account-choice.js';
export { chooseAccount } from './shared-token-cache-account-choice.js';
