// The User-Agent of an app that names itself: its prefix, then this library. Without a prefix the runtime's own
// User-Agent is left as it is.
import type { TokenCredentialOptions } from './credential-options.js';
import { InvalidArgumentError, troubleshooting } from './errors.js';
import { describe } from './validation.js';
import { VERSION } from './version.js';

/**
 * The headers `userAgentOptions` adds to every request: `User-Agent: <userAgentPrefix> identity.js/<version>`, or
 * none (the runtime's own User-Agent stays) without a prefix. Called when the credential is built, so a bad prefix
 * is refused there.
 *
 * @throws `InvalidArgumentError` when the prefix is not printable ASCII of at most 1024 characters (it goes into a
 *   header, where a line break would inject another)
 * @example
 * ```ts
 * userAgentHeaders({ userAgentOptions: { userAgentPrefix: 'contoso/2.1' } });
 * // { 'user-agent': 'contoso/2.1 identity.js/0.1.0' }
 * ```
 */
export function userAgentHeaders(options: TokenCredentialOptions): Record<string, string> | undefined {
  const prefix = options.userAgentOptions?.userAgentPrefix;
  if (prefix) {
    // Worded as every checked value is (see validation.ts), so a bundle carries the message's shape once.
    if (!/^[\x20-\x7e]{1,1024}$/.test(prefix)) {
      throw new InvalidArgumentError(`userAgentPrefix ${describe(prefix)}. ${troubleshooting('user-agent')}`);
    }
    return { 'user-agent': `${prefix} identity.js/${VERSION}` };
  }
}
