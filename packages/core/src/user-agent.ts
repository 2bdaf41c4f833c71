// The User-Agent of an app that names itself: its prefix, then this library. Without a prefix the runtime's own
// User-Agent is left as it is.
import type { TokenCredentialOptions } from './credential-options.js';
import { InvalidArgumentError, troubleshooting } from './errors.js';
import { VERSION } from './version.js';

/**
 * `<userAgentPrefix> identity.js/<version>`, or `undefined` (the runtime's own) without a prefix.
 *
 * @throws `InvalidArgumentError` when the prefix is not printable ASCII
 * @example
 * ```ts
 * userAgent({ userAgentOptions: { userAgentPrefix: 'contoso/2.1' } }); // 'contoso/2.1 identity.js/0.1.0'
 * ```
 */
export function userAgent(options: TokenCredentialOptions | undefined): string | undefined {
  const prefix = options?.userAgentOptions?.userAgentPrefix;
  if (prefix && !/^[ -~]+$/.test(prefix)) {
    throw new InvalidArgumentError(
      `userAgentPrefix must be printable ASCII. ${troubleshooting('user-agent')}`,
    );
  }
  return prefix ? `${prefix} identity.js/${VERSION}` : undefined;
}
