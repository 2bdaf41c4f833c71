// ClientCertificateCredential against a standards OAuth server that is not ours: oidc-provider verifies the
// client assertion as RFC 7523 `private_key_jwt` (PS256), with the certificate's public JWK registered.
// Its token endpoint is mounted at the Entra path of a tenant, so the credential needs no special case.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ClientCertificateCredential } from '../src/index.js';
import { type TestCertificate, testCertificate } from './client-certificate-test-support.js';

const TENANT = 'tenant-x';
const CLIENT_ID = 'oidc-provider-client';
const SCOPE = 'https://vault.azure.net/.default';

let server: Server;
let authorityHost: string;
let cert: TestCertificate;
let stranger: TestCertificate;

beforeAll(async () => {
  [cert, stranger] = await Promise.all([testCertificate(), testCertificate()]);
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_, response) => response.end();
  server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  authorityHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(authorityHost, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'PS256',
        jwks: { keys: [{ ...cert.publicKey.export({ format: 'jwk' }), use: 'sig' }] },
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: SCOPE,
      },
    ],
    scopes: [SCOPE],
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
    clientAuthSigningAlgValues: ['PS256'],
    // The credential posts to `<authorityHost>/<tenant>/oauth2/v2.0/token`, and that URL is the assertion's aud.
    routes: { token: `/${TENANT}/oauth2/v2.0/token` },
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
  });
  handler = provider.callback();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('ClientCertificateCredential against oidc-provider', () => {
  it('gets a token: the provider accepts our PS256 client assertion', async () => {
    const credential = new ClientCertificateCredential(
      TENANT,
      CLIENT_ID,
      { certificate: cert.certificatePem + cert.keyPem },
      { authorityHost, env: {} },
    );
    const token = await credential.getToken(SCOPE);
    expect(token.token).toMatch(/\S{20,}/);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());
  });

  it("is refused with the provider's invalid_client when the assertion is signed with another key", async () => {
    const credential = new ClientCertificateCredential(
      TENANT,
      CLIENT_ID,
      { certificate: stranger.certificatePem + stranger.keyPem },
      { authorityHost, env: {} },
    );
    const error = await credential.getToken(SCOPE).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).statusCode).toBe(401);
    expect((error as AuthenticationError).errorResponse.error).toBe('invalid_client');
  });
});
