// A token that has expired by the time it arrives is still returned (the source may know better), but the
// service it is for will reject it; the usual cause is clock skew, so say so where the user can see it.
import type { Logger } from './logger.js';
import type { AccessToken } from './token-credential.js';

/**
 * Logs a warning naming clock skew when a token's expiry is already past on arrival, and returns the token.
 * Shared by every source that states its own expiry (managed identity endpoints, the developer tools).
 *
 * @param from - who sent the token, as the user knows it: `AppService`, `Azure CLI`
 *
 * @example
 * ```ts
 * return warnIfExpired(logger, parseAzureCliToken(stdout), clock.now(), 'Azure CLI');
 * ```
 */
export function warnIfExpired<T extends AccessToken>(logger: Logger, token: T, now: number, from: string): T {
  const late = now - token.expiresOnTimestamp;
  if (late >= 0) {
    logger.warning(
      `${from} sent a token that expired ${Math.round(late / 1000)} s ago: check this machine's clock for skew.`,
    );
  }
  return token;
}
