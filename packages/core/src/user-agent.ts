// The User-Agent of an app that names itself: its prefix, then this library. Without a prefix the runtime's own
// User-Agent is left as it is.
import type { TokenCredentialOptions } from './credential-options.js';
import { InvalidArgumentError, troubleshooting } from './errors.js';
import { VERSION } from './version.js';

/**
 * The `User-Agent` every request of a credential carries: `<userAgentPrefix> identity.js/<version>`, or
 * `undefined` (the runtime's own) when the app sets no prefix. Checked once, when the credential is built.
 *
 * @throws `InvalidArgumentError` when the prefix is not printable ASCII (a header value cannot hold a line break)
 * @example
 * ```ts
 * userAgent({ userAgentOptions: { userAgentPrefix: 'contoso-billing/2.1' } }); // 'contoso-billing/2.1 identity.js/0.1.0'
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
