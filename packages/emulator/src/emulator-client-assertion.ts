// Verification of client assertions: JWTs signed with a registered certificate, or federated tokens from a
// trusted issuer (workload identity federation).
import { entraErrors } from './emulator-errors.js';
import { type DecodedJwt, decodeJwt, MalformedJwtError, verifyJwtSignature } from './emulator-jwt.js';
import { type EmulatorJwks, publicKeyFromJwks } from './emulator-keys.js';
import type { EmulatorApp, EmulatorState } from './emulator-types.js';

/**
 * The `client_assertion_type` every assertion must declare.
 *
 * @example
 * ```ts
 * form.set('client_assertion_type', JWT_BEARER_ASSERTION_TYPE);
 * ```
 */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Entra tolerates this much clock difference on `exp` and `nbf`.
 *
 * @example
 * ```ts
 * const stillAccepted = exp + ASSERTION_CLOCK_SKEW_SECONDS > Date.now() / 1000;
 * ```
 */
export const ASSERTION_CLOCK_SKEW_SECONDS = 300;

// Entra accepts certificate assertions signed with these; MSAL sends PS256, older clients RS256.
const CERTIFICATE_ALGORITHMS = new Set(['PS256', 'RS256']);

/**
 * Remembers the `jti` of every accepted certificate assertion until it expires, so a replay is caught.
 *
 * @example
 * ```ts
 * const cache = new AssertionReplayCache();
 * cache.remember('client/jti-1', exp, now); // true the first time, false on a replay
 * ```
 */
export class AssertionReplayCache {
  readonly #seen = new Map<string, number>();

  /** Returns false when the key was already seen and has not expired; records it otherwise. */
  remember(key: string, expiresAtSeconds: number, nowSeconds: number): boolean {
    for (const [seenKey, exp] of this.#seen) {
      if (exp + ASSERTION_CLOCK_SKEW_SECONDS < nowSeconds) this.#seen.delete(seenKey);
    }
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, expiresAtSeconds);
    return true;
  }
}

/**
 * What verification needs besides the assertion and the app.
 *
 * @example
 * ```ts
 * const context: AssertionVerificationContext = { state, acceptedAudiences: [tokenUrl], now: Date.now(), replayCache: undefined };
 * ```
 */
export interface AssertionVerificationContext {
  state: EmulatorState;
  /** Audiences (lower-case) a certificate assertion may carry: the tenant's token endpoint URLs. */
  acceptedAudiences: string[];
  /** Epoch milliseconds. */
  now: number;
  /** Undefined turns replay detection off. */
  replayCache: AssertionReplayCache | undefined;
  /** Fetches an external issuer's JWKS; default {@link fetchLoopbackIssuerJwks}. */
  fetchIssuerJwks?: (issuer: string) => Promise<EmulatorJwks>;
}

function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}.`);
  return response.json();
}

/**
 * Fetches the JWKS of an external OIDC issuer through its discovery document. Only loopback issuers are
 * reached: the emulator never talks to anything off the machine.
 *
 * @example
 * ```ts
 * const jwks = await fetchLoopbackIssuerJwks('http://127.0.0.1:5556/issuer');
 * ```
 */
export async function fetchLoopbackIssuerJwks(issuer: string): Promise<EmulatorJwks> {
  const url = new URL(issuer);
  if (!isLoopbackHost(url.hostname)) {
    throw new Error('The emulator only fetches keys from issuers on loopback.');
  }
  const configuration = (await fetchJson(
    `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
  )) as {
    jwks_uri?: unknown;
  };
  if (typeof configuration.jwks_uri !== 'string') throw new Error('The discovery document has no jwks_uri.');
  if (!isLoopbackHost(new URL(configuration.jwks_uri).hostname)) {
    throw new Error('The jwks_uri is not on loopback.');
  }
  const jwks = (await fetchJson(configuration.jwks_uri)) as EmulatorJwks;
  if (!Array.isArray(jwks?.keys)) throw new Error('The JWKS has no keys array.');
  return jwks;
}

function numberClaim(payload: Record<string, unknown>, name: string): number | undefined {
  const value = payload[name];
  return typeof value === 'number' ? value : undefined;
}

function audiences(payload: Record<string, unknown>): string[] {
  const aud = payload.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

function checkTimeRange(jwt: DecodedJwt, now: number): void {
  const exp = numberClaim(jwt.payload, 'exp');
  const nbf = numberClaim(jwt.payload, 'nbf');
  const nowSeconds = now / 1000;
  const expired = exp === undefined || exp + ASSERTION_CLOCK_SKEW_SECONDS <= nowSeconds;
  const early = nbf !== undefined && nbf - ASSERTION_CLOCK_SKEW_SECONDS > nowSeconds;
  if (expired || early) throw entraErrors.assertionTimeRange(new Date(now), nbf, exp);
}

function verifyCertificateAssertion(
  app: EmulatorApp,
  jwt: DecodedJwt,
  context: AssertionVerificationContext,
): void {
  const { header, payload } = jwt;
  // Client ids are stored lower-case; a client may send them in any case.
  if (
    String(payload.iss).toLowerCase() !== app.clientId ||
    String(payload.sub).toLowerCase() !== app.clientId
  ) {
    throw entraErrors.assertionClientMismatch();
  }

  const sha256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const certificate = app.certificates.find(
    (c) =>
      (sha256 !== undefined && c.thumbprintSha256 === sha256) ||
      (sha1 !== undefined && c.thumbprintSha1 === sha1),
  );
  if (!certificate) throw entraErrors.assertionKeyNotFound(app.clientId, sha256 ?? sha1);
  if (!CERTIFICATE_ALGORITHMS.has(String(header.alg))) {
    throw entraErrors.assertionSignature(
      `The algorithm '${String(header.alg)}' is not accepted; use PS256 or RS256.`,
    );
  }
  if (!verifyJwtSignature(jwt, certificate.publicKey)) throw entraErrors.assertionSignature();
  checkTimeRange(jwt, context.now);

  const presented = audiences(payload);
  if (!presented.some((aud) => context.acceptedAudiences.includes(aud.toLowerCase()))) {
    throw entraErrors.assertionAudience(presented.join(', '), context.acceptedAudiences[0] ?? '');
  }
  const jti = payload.jti;
  if (context.replayCache && typeof jti === 'string') {
    const exp = numberClaim(payload, 'exp') ?? 0;
    if (!context.replayCache.remember(`${app.tenantId}/${app.clientId}/${jti}`, exp, context.now / 1000)) {
      throw entraErrors.assertionReplayed(jti);
    }
  }
}

async function verifyFederatedAssertion(
  app: EmulatorApp,
  jwt: DecodedJwt,
  context: AssertionVerificationContext,
): Promise<void> {
  const issuer = typeof jwt.payload.iss === 'string' ? jwt.payload.iss : '';
  const subject = typeof jwt.payload.sub === 'string' ? jwt.payload.sub : '';
  const presented = audiences(jwt.payload);
  // Entra matches issuer, then subject, then audience, and names the first that fails.
  if (app.federatedCredentials.length === 0) {
    throw entraErrors.noFederatedRecord(issuer, subject, presented.join(', '));
  }
  const byIssuer = app.federatedCredentials.filter((c) => c.issuer === issuer);
  if (byIssuer.length === 0) throw entraErrors.noFederatedIssuer(issuer);
  const bySubject = byIssuer.filter((c) => c.subject === subject);
  if (bySubject.length === 0) throw entraErrors.noFederatedSubject(subject);
  if (!bySubject.some((c) => presented.includes(c.audience))) {
    throw entraErrors.noFederatedAudience(presented.join(', '));
  }

  let jwks: EmulatorJwks;
  try {
    const hosted = context.state.issuers.get(issuer);
    jwks = hosted ? await hosted.jwks() : await (context.fetchIssuerJwks ?? fetchLoopbackIssuerJwks)(issuer);
  } catch (cause) {
    throw entraErrors.externalIssuerUnreachable(issuer, (cause as Error).message);
  }
  const kid = typeof jwt.header.kid === 'string' ? jwt.header.kid : undefined;
  const key = publicKeyFromJwks(jwks, kid);
  if (!key || !verifyJwtSignature(jwt, key)) {
    throw entraErrors.assertionSignature(
      `The key '${kid ?? 'none'}' of issuer '${issuer}' did not verify the assertion.`,
    );
  }
  checkTimeRange(jwt, context.now);
}

/**
 * Verifies a client assertion for an app. A header naming a certificate thumbprint (`x5t#S256`/`x5t`), or an
 * `iss` equal to the client id, selects the certificate path; anything else is a federated token. Throws
 * the Entra error the real service would send.
 *
 * @example
 * ```ts
 * const method = await verifyClientAssertion(app, form.get('client_assertion')!, {
 *   state, acceptedAudiences: [`${emulator.url}/${tenantId}/oauth2/v2.0/token`], now: Date.now(), replayCache,
 * }); // 'certificate' or 'federated'
 * ```
 */
export async function verifyClientAssertion(
  app: EmulatorApp,
  assertion: string,
  context: AssertionVerificationContext,
): Promise<'certificate' | 'federated'> {
  let jwt: DecodedJwt;
  try {
    jwt = decodeJwt(assertion);
  } catch (error) {
    if (error instanceof MalformedJwtError) throw entraErrors.malformedAssertion(error.message);
    throw error;
  }
  const namesCertificate = jwt.header['x5t#S256'] !== undefined || jwt.header.x5t !== undefined;
  const issuedByClient = String(jwt.payload.iss).toLowerCase() === app.clientId;
  if (namesCertificate || issuedByClient) {
    verifyCertificateAssertion(app, jwt, context);
    return 'certificate';
  }
  await verifyFederatedAssertion(app, jwt, context);
  return 'federated';
}
