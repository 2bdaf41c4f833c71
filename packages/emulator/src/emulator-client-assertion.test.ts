import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertionClaims,
  claimsOf,
  createTestCertificate,
  postToken,
  signTestJwt,
  type TestCertificate,
} from '../test/emulator-test-support.js';
import { JWT_BEARER_ASSERTION_TYPE } from './emulator-client-assertion.js';
import { type Emulator, startEmulator } from './emulator-server.js';
import type { RegisteredApp } from './emulator-types.js';

let emulator: Emulator;
let cert: TestCertificate;
let otherCert: TestCertificate;
let certApp: RegisteredApp;

function assertionForm(clientId: string, assertion: string): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: assertion,
    scope: 'https://storage.azure.com/.default',
  };
}

function certAssertion(
  overrides: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  key = cert,
) {
  return signTestJwt(
    { alg: 'PS256', typ: 'JWT', 'x5t#S256': cert.x5tS256, ...header },
    assertionClaims(emulator, certApp.tenantId, certApp.clientId, overrides),
    key.privateKey,
  );
}

async function expectRejected(assertion: string, clientId: string, code: number) {
  const answer = await postToken(emulator, emulator.tenantId, assertionForm(clientId, assertion));
  expect(answer.status).toBe(401);
  expect(answer.json.error).toBe('invalid_client');
  expect(answer.json.error_codes).toEqual([code]);
  return answer;
}

beforeAll(async () => {
  [emulator, cert, otherCert] = await Promise.all([
    startEmulator(),
    createTestCertificate(),
    createTestCertificate(),
  ]);
  certApp = emulator.registerApp({ certificates: [cert.pem] });
});
afterAll(() => emulator.stop());

describe('client assertion signed with a registered certificate', () => {
  it('registering only a certificate generates no secret', () => {
    expect(certApp.clientSecret).toBeUndefined();
  });

  it('accepts PS256 with x5t#S256 (what MSAL sends) and marks the token as certificate-authenticated', async () => {
    const { status, json } = await postToken(
      emulator,
      certApp.tenantId,
      assertionForm(certApp.clientId, certAssertion()),
    );
    expect(status).toBe(200);
    expect(claimsOf(json.access_token)).toMatchObject({ appid: certApp.clientId, appidacr: '2' });
  });

  it('accepts RS256 with a SHA-1 x5t (what older clients send)', async () => {
    const assertion = signTestJwt(
      { alg: 'RS256', typ: 'JWT', x5t: cert.x5t },
      assertionClaims(emulator, certApp.tenantId, certApp.clientId),
      cert.privateKey,
    );
    const { status } = await postToken(
      emulator,
      certApp.tenantId,
      assertionForm(certApp.clientId, assertion),
    );
    expect(status).toBe(200);
  });

  it('accepts the v1 token endpoint as audience too', async () => {
    const assertion = certAssertion({ aud: `${emulator.url}/${certApp.tenantId}/oauth2/token` });
    const { status } = await postToken(
      emulator,
      certApp.tenantId,
      assertionForm(certApp.clientId, assertion),
    );
    expect(status).toBe(200);
  });

  it('rejects an expired assertion with AADSTS700024', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectRejected(certAssertion({ nbf: past - 600, exp: past }), certApp.clientId, 700024);
  });

  it('rejects an assertion that is not yet valid with AADSTS700024', async () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    await expectRejected(certAssertion({ nbf: future, exp: future + 600 }), certApp.clientId, 700024);
  });

  it('rejects a signature by another key with AADSTS700027', async () => {
    await expectRejected(certAssertion({}, {}, otherCert), certApp.clientId, 700027);
  });

  it('rejects a certificate that is not registered on the app with AADSTS700027', async () => {
    const answer = await expectRejected(
      certAssertion({}, { 'x5t#S256': otherCert.x5tS256 }, otherCert),
      certApp.clientId,
      700027,
    );
    expect(answer.json.error_description).toContain(otherCert.x5tS256);
  });

  it('rejects an algorithm other than PS256 and RS256 with AADSTS700027', async () => {
    await expectRejected(certAssertion({}, { alg: 'none' }), certApp.clientId, 700027);
  });

  it('rejects an audience other than the tenant token endpoint with AADSTS50013', async () => {
    await expectRejected(
      certAssertion({ aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }),
      certApp.clientId,
      50013,
    );
  });

  it('rejects a subject other than the client id with AADSTS700021', async () => {
    await expectRejected(certAssertion({ sub: randomUUID() }), certApp.clientId, 700021);
  });

  it('rejects a replayed jti with AADSTS50013 when replay detection is turned on', async () => {
    const strict = await startEmulator({ rejectAssertionReplay: true });
    try {
      const app = strict.registerApp({ certificates: [cert.pem] });
      const assertion = signTestJwt(
        { alg: 'PS256', typ: 'JWT', 'x5t#S256': cert.x5tS256 },
        assertionClaims(strict, app.tenantId, app.clientId),
        cert.privateKey,
      );
      expect((await postToken(strict, app.tenantId, assertionForm(app.clientId, assertion))).status).toBe(
        200,
      );
      const answer = await postToken(strict, app.tenantId, assertionForm(app.clientId, assertion));
      expect(answer.status).toBe(401);
      expect(answer.json.error_codes).toEqual([50013]);
      expect(answer.json.error_description).toContain('already been used');
    } finally {
      await strict.stop();
    }
  });

  it('accepts a replayed jti by default, as Entra does', async () => {
    const lenient = await startEmulator();
    try {
      const app = lenient.registerApp({ certificates: [cert.pem] });
      const assertion = signTestJwt(
        { alg: 'PS256', typ: 'JWT', 'x5t#S256': cert.x5tS256 },
        assertionClaims(lenient, app.tenantId, app.clientId),
        cert.privateKey,
      );
      for (let i = 0; i < 2; i++) {
        expect((await postToken(lenient, app.tenantId, assertionForm(app.clientId, assertion))).status).toBe(
          200,
        );
      }
    } finally {
      await lenient.stop();
    }
  });

  it('rejects a malformed assertion with AADSTS50027', async () => {
    await expectRejected('not-a-jwt', certApp.clientId, 50027);
  });

  it('requires client_assertion_type', async () => {
    const { client_assertion_type: _, ...form } = assertionForm(certApp.clientId, certAssertion());
    const answer = await postToken(emulator, certApp.tenantId, form);
    expect(answer.status).toBe(400);
    expect(answer.json.error_codes).toEqual([900144]);
  });

  it('rejects a secret for an app that has only a certificate with AADSTS7000215', async () => {
    const answer = await postToken(emulator, certApp.tenantId, {
      grant_type: 'client_credentials',
      client_id: certApp.clientId,
      client_secret: 'guess',
      scope: 'https://storage.azure.com/.default',
    });
    expect(answer.status).toBe(401);
    expect(answer.json.error_codes).toEqual([7000215]);
  });
});

describe('federated credential (workload identity federation) with an issuer hosted by the emulator', () => {
  const subject = 'system:serviceaccount:default:worker';
  let issuer: ReturnType<Emulator['createIssuer']>;
  let app: RegisteredApp;

  beforeAll(() => {
    issuer = emulator.createIssuer('aks');
    app = emulator.registerApp({ federatedCredentials: [{ issuer: issuer.issuer, subject }] });
  });

  it('serves the issuer discovery document and its JWKS', async () => {
    const configuration = await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json();
    expect(configuration).toMatchObject({ issuer: issuer.issuer, jwks_uri: `${issuer.issuer}/jwks` });
    const jwks = (await (await fetch(configuration.jwks_uri)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys).toHaveLength(1);
  });

  it('returns the same issuer for the same name', () => {
    expect(emulator.createIssuer('aks')).toBe(issuer);
  });

  it('exchanges a minted token for an access token (the same token may be presented again)', async () => {
    const token = await issuer.mint({ subject });
    for (let i = 0; i < 2; i++) {
      const { status, json } = await postToken(emulator, app.tenantId, assertionForm(app.clientId, token));
      expect(status).toBe(200);
      expect(claimsOf(json.access_token)).toMatchObject({ appid: app.clientId, oid: app.objectId });
    }
  });

  it('rejects another subject with AADSTS700213', async () => {
    await expectRejected(
      await issuer.mint({ subject: 'system:serviceaccount:default:other' }),
      app.clientId,
      700213,
    );
  });

  it('rejects another audience with AADSTS700212', async () => {
    await expectRejected(await issuer.mint({ subject, audience: 'api://other' }), app.clientId, 700212);
  });

  it('rejects an issuer with no federated record on the app with AADSTS700211', async () => {
    const stranger = emulator.createIssuer('stranger');
    await expectRejected(await stranger.mint({ subject }), app.clientId, 700211);
  });

  it('rejects a federated token for an app without federated credentials with AADSTS70021', async () => {
    const plain = emulator.registerApp();
    await expectRejected(await issuer.mint({ subject }), plain.clientId, 70021);
  });

  it('rejects an expired federated token with AADSTS700024', async () => {
    await expectRejected(await issuer.mint({ subject, expiresInSeconds: -3600 }), app.clientId, 700024);
  });

  it('rejects a token whose signature does not verify against the issuer keys with AADSTS700027', async () => {
    const token = await issuer.mint({ subject });
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`;
    await expectRejected(forged, app.clientId, 700027);
  });
});

describe('federated credential with an external issuer on loopback', () => {
  let server: Server;
  let issuerUrl: string;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    server = createServer((request, response) => {
      const body =
        request.url === '/.well-known/openid-configuration'
          ? { issuer: issuerUrl, jwks_uri: `${issuerUrl}/keys` }
          : { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'ext-1', use: 'sig', alg: 'RS256' }] };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the issuer keys through its discovery document and accepts its token', async () => {
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: issuerUrl, subject: 'repo:org/app', audience: 'api://custom' }],
    });
    const now = Math.floor(Date.now() / 1000);
    const token = signTestJwt(
      { alg: 'RS256', typ: 'JWT', kid: 'ext-1' },
      { iss: issuerUrl, sub: 'repo:org/app', aud: ['api://custom'], iat: now, nbf: now, exp: now + 300 },
      privateKey,
    );
    const { status } = await postToken(emulator, app.tenantId, assertionForm(app.clientId, token));
    expect(status).toBe(200);
  });

  it('answers AADSTS50166 when the issuer cannot be reached', async () => {
    const deadIssuer = 'http://127.0.0.1:9';
    const app = emulator.registerApp({ federatedCredentials: [{ issuer: deadIssuer, subject: 's' }] });
    const now = Math.floor(Date.now() / 1000);
    const token = signTestJwt(
      { alg: 'RS256', typ: 'JWT', kid: 'ext-1' },
      { iss: deadIssuer, sub: 's', aud: 'api://AzureADTokenExchange', iat: now, exp: now + 300 },
      privateKey,
    );
    await expectRejected(token, app.clientId, 50166);
  });
});
