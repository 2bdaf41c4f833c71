// Confidential-client authentication at the token endpoint: a secret (form or HTTP Basic) or an assertion.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  type AssertionReplayCache,
  JWT_BEARER_ASSERTION_TYPE,
  verifyClientAssertion,
} from './emulator-client-assertion.js';
import { entraErrors } from './emulator-errors.js';
import type { ClientAuthentication, EmulatorState, EmulatorTenant, RequestNote } from './emulator-types.js';

/**
 * What client authentication reads from the request and the emulator.
 *
 * @example
 * ```ts
 * await authenticateClient({ form, headers, state, baseUrls: [emulator.url], now: Date.now(), replayCache, note() {} }, tenant);
 * ```
 */
export interface ClientAuthenticationInput {
  form: URLSearchParams;
  headers: IncomingHttpHeaders;
  state: EmulatorState;
  /** Base URLs the client may have used to reach the emulator (its `url`, and the one the request came in on). */
  baseUrls: string[];
  now: number;
  replayCache: AssertionReplayCache | undefined;
  note(fields: RequestNote): void;
}

function basicCredentials(headers: IncomingHttpHeaders): { id: string; secret: string } | undefined {
  const header = headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
  const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
  try {
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function sameSecret(expected: string, presented: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/**
 * Authenticates the client of a token request in a tenant and returns the app. Throws the Entra error for
 * a missing client id (AADSTS900144), an unknown app (AADSTS700016), no credential (AADSTS7000218), a
 * wrong secret (AADSTS7000215) or a rejected assertion.
 *
 * @example
 * ```ts
 * const { app, method } = await authenticateClient(input, tenant); // method: 'secret' | 'certificate' | 'federated'
 * ```
 */
export async function authenticateClient(
  input: ClientAuthenticationInput,
  tenant: EmulatorTenant,
): Promise<ClientAuthentication> {
  const basic = basicCredentials(input.headers);
  const clientId = input.form.get('client_id') ?? basic?.id;
  if (!clientId) throw entraErrors.missingParameter('client_id');
  input.note({ clientId: clientId.toLowerCase() });
  const app = tenant.apps.get(clientId.toLowerCase());
  if (!app) throw entraErrors.appNotFound(clientId, tenant.tenantId);

  const secret = input.form.get('client_secret') ?? basic?.secret;
  const assertion = input.form.get('client_assertion');
  if (secret !== undefined && assertion !== null) {
    throw entraErrors.invalidRequest('Send either a client secret or a client assertion, not both.');
  }
  if (secret !== undefined) {
    if (app.clientSecret === undefined || !sameSecret(app.clientSecret, secret)) {
      throw entraErrors.invalidSecret(app.clientId);
    }
    return { app, method: 'secret' };
  }
  if (assertion !== null) {
    const assertionType = input.form.get('client_assertion_type');
    if (!assertionType) throw entraErrors.missingParameter('client_assertion_type');
    if (assertionType !== JWT_BEARER_ASSERTION_TYPE) {
      throw entraErrors.invalidRequest(
        `The client_assertion_type '${assertionType}' is not supported; use '${JWT_BEARER_ASSERTION_TYPE}'.`,
      );
    }
    const acceptedAudiences = input.baseUrls.flatMap((base) => [
      `${base}/${tenant.tenantId}/oauth2/v2.0/token`,
      `${base}/${tenant.tenantId}/oauth2/token`,
    ]);
    const method = await verifyClientAssertion(app, assertion, {
      state: input.state,
      acceptedAudiences: acceptedAudiences.map((aud) => aud.toLowerCase()),
      now: input.now,
      replayCache: input.replayCache,
    });
    return { app, method };
  }
  throw entraErrors.missingClientCredentials();
}
