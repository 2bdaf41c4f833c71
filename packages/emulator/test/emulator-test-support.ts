// Helpers the emulator's own tests share: token requests, test certificates and hand-signed assertions.
// Signing here uses node:crypto directly, independent of the emulator's JWT code, so tests check it.
import {
  constants,
  createHash,
  createPrivateKey,
  type KeyObject,
  randomUUID,
  sign,
  webcrypto,
} from 'node:crypto';
import type { Emulator } from '../src/emulator-server.js';
import { loadX509 } from '../src/emulator-x509.js';

/**
 * A token-endpoint answer as tests look at it.
 *
 * @example
 * ```ts
 * const answer: TokenAnswer = await postToken(emulator, tenantId, form);
 * answer.json.access_token;
 * ```
 */
export interface TokenAnswer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/**
 * POSTs a form to the emulator's token endpoint of a tenant.
 *
 * @example
 * ```ts
 * const { status, json } = await postToken(emulator, tenantId, { grant_type: 'client_credentials' });
 * ```
 */
export async function postToken(
  emulator: Pick<Emulator, 'url'>,
  tenantId: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<TokenAnswer> {
  const response = await fetch(`${emulator.url}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

/**
 * Decodes a JWT's payload without verifying it.
 *
 * @example
 * ```ts
 * claimsOf(accessToken).aud; // 'https://vault.azure.net'
 * ```
 */
export function claimsOf(token: unknown): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/**
 * An RSA key and a self-signed certificate for it, with the thumbprints an assertion header names.
 *
 * @example
 * ```ts
 * const { pem, privateKey, x5tS256 }: TestCertificate = await createTestCertificate();
 * ```
 */
export interface TestCertificate {
  pem: string;
  privateKey: KeyObject;
  x5t: string;
  x5tS256: string;
}

/**
 * Generates an RSA-2048 key and a self-signed certificate for client-assertion tests.
 *
 * @example
 * ```ts
 * const cert = await createTestCertificate();
 * emulator.registerApp({ certificates: [cert.pem] });
 * ```
 */
export async function createTestCertificate(): Promise<TestCertificate> {
  const x509 = await loadX509();
  const crypto = webcrypto as unknown as Crypto;
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    { name: 'CN=emulator-test-client', keys, signingAlgorithm: algorithm },
    crypto,
  );
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const der = Buffer.from(certificate.rawData);
  return {
    pem: certificate.toString('pem'),
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
  };
}

/**
 * Signs a JWT with RS256 or PS256 using node:crypto.
 *
 * @example
 * ```ts
 * signTestJwt({ alg: 'PS256', typ: 'JWT', 'x5t#S256': cert.x5tS256 }, claims, cert.privateKey);
 * ```
 */
export function signTestJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: KeyObject,
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const signature =
    header.alg === 'PS256'
      ? sign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * The claims MSAL puts in a certificate assertion: `iss` = `sub` = client id, `aud` = token endpoint, 10 minutes.
 *
 * @example
 * ```ts
 * const claims = assertionClaims(emulator, tenantId, clientId);
 * ```
 */
export function assertionClaims(
  emulator: Pick<Emulator, 'url'>,
  tenantId: string,
  clientId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: `${emulator.url}/${tenantId}/oauth2/v2.0/token`,
    iss: clientId,
    sub: clientId,
    jti: randomUUID(),
    nbf: now,
    exp: now + 600,
    ...overrides,
  };
}
