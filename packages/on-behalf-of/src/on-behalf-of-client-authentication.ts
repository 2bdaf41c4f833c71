// How the middle-tier API proves who it is at the token endpoint: exactly one of a secret, a certificate
// (through client-certificate's assertion builder, so the two credentials sign the same way) or an
// assertion callback.

import { ClientCertificateAssertion, JWT_BEARER_ASSERTION_TYPE } from '@identity/client-certificate';
import {
  AuthenticationError,
  type Clock,
  type Environment,
  InvalidArgumentError,
  isIdentityError,
} from '@identity/core';
import { readFlag, troubleshooting } from '@identity/core/internal';

/**
 * Builds the client-authentication form parameters for a token URL.
 *
 * @example
 * ```ts
 * const form = { ...(await authenticate(tokenUrl)), grant_type: 'client_credentials' };
 * ```
 */
export type ClientAuthentication = (tokenUrl: string) => Promise<Record<string, string>>;

const NAME = 'OnBehalfOfCredential';
const ANCHOR = 'on-behalf-of-credential';

/**
 * Picks the client credential of the options. Throws an `InvalidArgumentError` unless exactly one of
 * `clientSecret`, `certificatePath` and `getAssertion` is given, or when the one given is empty.
 *
 * @example
 * ```ts
 * const authenticate = clientAuthentication(options, { clientId, tenantId, env, clock });
 * ```
 */
export function clientAuthentication(
  options: {
    clientSecret?: unknown;
    certificatePath?: unknown;
    certificatePassword?: unknown;
    sendCertificateChain?: boolean;
    getAssertion?: unknown;
  },
  context: { clientId: string; tenantId: string; env: Environment; clock: Clock },
): ClientAuthentication {
  const given = (['clientSecret', 'certificatePath', 'getAssertion'] as const).filter(
    (name) => options[name] !== undefined,
  );
  if (given.length !== 1) {
    throw new InvalidArgumentError(
      `${NAME}: pass exactly one client credential: clientSecret, certificatePath or getAssertion${given.length ? ` (got ${given.join(' and ')})` : ''}. ${troubleshooting(ANCHOR)}`,
    );
  }
  const { clientSecret, certificatePath, getAssertion } = options;
  if (clientSecret !== undefined) {
    if (typeof clientSecret !== 'string' || clientSecret === '') {
      throw new InvalidArgumentError(`${NAME}: clientSecret is empty. ${troubleshooting(ANCHOR)}`);
    }
    return async () => ({ client_secret: clientSecret });
  }
  if (certificatePath !== undefined) {
    const assertion = new ClientCertificateAssertion({
      credentialName: NAME,
      clientId: context.clientId,
      certificate: {
        certificatePath: certificatePath as string,
        certificatePassword: options.certificatePassword as string,
      },
      sendCertificateChain:
        options.sendCertificateChain ?? readFlag(context.env, 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN'),
      algorithm: context.tenantId === 'adfs' ? 'RS256' : 'PS256',
      clock: context.clock,
    });
    return (tokenUrl) => assertion.formParameters(tokenUrl);
  }
  if (typeof getAssertion !== 'function') {
    throw new InvalidArgumentError(`${NAME}: getAssertion must be a function. ${troubleshooting(ANCHOR)}`);
  }
  return async () => ({
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: await callGetAssertion(getAssertion as () => string | Promise<string>),
  });
}

async function callGetAssertion(getAssertion: () => string | Promise<string>): Promise<string> {
  let assertion: unknown;
  try {
    assertion = await getAssertion();
  } catch (cause) {
    if (isIdentityError(cause)) throw cause;
    throw new AuthenticationError(
      0,
      {
        error: 'client_assertion_failed',
        error_description: `getAssertion failed: ${(cause as Error)?.message ?? cause}`,
      },
      { credentialName: NAME, anchor: ANCHOR, cause },
    );
  }
  if (typeof assertion !== 'string' || !assertion.trim()) {
    throw new AuthenticationError(
      0,
      { error: 'client_assertion_failed', error_description: 'getAssertion returned an empty assertion.' },
      { credentialName: NAME, anchor: ANCHOR },
    );
  }
  return assertion.trim();
}
