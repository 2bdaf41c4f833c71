// The User-Agent of an app that names itself: its prefix, then this library. Without a prefix the runtime's own
// User-Agent is left as it is.
import type { TokenCredentialOptions } from './credential-options.js';
import { InvalidArgumentError, troubleshooting } from './errors.js';
import { describe } from './validation.js';
import { VERSION } from './version.js';

/**
 * `User-Agent: <userAgentPrefix> identity.js/<version>`, or none without a prefix. Called at construction.
 * @throws `InvalidArgumentError` unless the prefix is printable ASCII (at most 1024 characters)
 * @example userAgentHeaders({ userAgentOptions: { userAgentPrefix: 'app/1' } }); // 'app/1 identity.js/…'
 */
export function userAgentHeaders(options: TokenCredentialOptions): Record<string, string> | undefined {
  const prefix = options.userAgentOptions?.userAgentPrefix;
  if (prefix) {
    // Worded as validation.ts words its messages: bundles hold that shape once.
    if (!/^[\x20-\x7e]{1,1024}$/.test(prefix)) {
      throw new InvalidArgumentError(`userAgentPrefix ${describe(prefix)}. ${troubleshooting('user-agent')}`);
    }
    return { 'user-agent': `${prefix} identity.js/${VERSION}` };
  }
}
