import { AuthenticationError, InvalidArgumentError } from '@identity/core';
import { jsonResponse, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateFiles,
  decodeJwt,
  makePfx,
  pkcs1Pem,
  type TestCertificate,
  temporaryDirectory,
  testCertificate,
  verifyJwt,
  writeSecretFile,
} from '../test/client-certificate-test-support.js';
import { JWT_BEARER_ASSERTION_TYPE } from './client-certificate-assertion.js';
import {
  ClientCertificateCredentialBase,
  ClientCertificateCredential as PortableClientCertificateCredential,
} from './client-certificate-credential.js';
// The Node entry's class: files, PFX and encrypted keys need it.
import { ClientCertificateCredential } from './index.node.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '00000000-0000-0000-0000-0000000000c1';
const SCOPE = 'https://vault.azure.net/.default';
let cert: TestCertificate;
let ca: TestCertificate;
let leaf: TestCertificate;

beforeAll(async () => {
  [cert, ca] = await Promise.all([testCertificate(), testCertificate({ name: 'CN=credential-test-ca' })]);
  leaf = await testCertificate({ issuer: ca });
});

function tokenEndpoint() {
  return scriptedFetch(() => jsonResponse({ access_token: 'at', expires_in: 3600, token_type: 'Bearer' }));
}

function formOf(body: string | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body ?? ''));
}

describe('ClientCertificateCredential', () => {
  it('sends the client credentials grant with a certificate assertion for the tenant token URL', async () => {
    const { fetch, requests } = tokenEndpoint();
    const credential = new ClientCertificateCredential(
      TENANT,
      CLIENT_ID,
      { certificate: cert.certificatePem + cert.keyPem },
      { fetch, env: {} },
    );
    const token = await credential.getToken(SCOPE);
    expect(token.token).toBe('at');
    expect(requests).toHaveLength(1);
    const url = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
    expect(requests[0]?.url).toBe(url);
    const form = formOf(requests[0]?.body);
    expect(form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      scope: SCOPE,
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    });
    expect(form.client_secret).toBeUndefined();
    const assertion = form.client_assertion ?? '';
    expect(verifyJwt(assertion, cert.publicKey)).toBe(true);
    expect(decodeJwt(assertion).claims).toMatchObject({ aud: url, iss: CLIENT_ID, sub: CLIENT_ID });
  });

  it('signs RS256 with x5t for AD FS, at its token URL', async () => {
    const { fetch, requests } = tokenEndpoint();
    const credential = new ClientCertificateCredential(
      'adfs',
      CLIENT_ID,
      { certificate: cert.certificatePem + cert.keyPem },
      { fetch, env: {}, authorityHost: 'https://adfs.contoso.example' },
    );
    await credential.getToken(SCOPE);
    expect(requests[0]?.url).toBe('https://adfs.contoso.example/adfs/oauth2/token');
    const { header, claims } = decodeJwt(formOf(requests[0]?.body).client_assertion ?? '');
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: cert.x5t });
    expect(claims.aud).toBe('https://adfs.contoso.example/adfs/oauth2/token');
  });

  it.each([
    ['the option', { sendCertificateChain: true }, {}, true],
    ['AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=true', {}, { AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: 'TRUE' }, true],
    ['AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=1', {}, { AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: '1' }, true],
    ['AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=0', {}, { AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: '0' }, false],
    [
      'the option over the variable',
      { sendCertificateChain: false },
      { AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: '1' },
      false,
    ],
  ])('sends x5c when asked by %s', async (_name, options, env, sent) => {
    const { fetch, requests } = tokenEndpoint();
    const pem = leaf.certificatePem + ca.certificatePem + leaf.keyPem;
    const credential = new ClientCertificateCredential(
      TENANT,
      CLIENT_ID,
      { certificate: pem },
      { fetch, env, ...options },
    );
    await credential.getToken(SCOPE);
    const { header } = decodeJwt(formOf(requests[0]?.body).client_assertion ?? '');
    expect(header.x5c).toEqual(sent ? [leaf.der.toString('base64'), ca.der.toString('base64')] : undefined);
  });

  it('reads PEM and PFX files, encrypted or not, by path or as bytes', async () => {
    const password = testSecret('pfx-password');
    const inputs = [
      ...certificateFiles(cert, password),
      {
        certificate: new Uint8Array(
          makePfx({ key: cert.keyPem, certificates: [cert.certificatePem], password }),
        ),
        certificatePassword: password,
      },
    ];
    for (const input of inputs) {
      const { fetch, requests } = tokenEndpoint();
      await new ClientCertificateCredential(TENANT, CLIENT_ID, input, { fetch, env: {} }).getToken(SCOPE);
      expect(verifyJwt(formOf(requests[0]?.body).client_assertion ?? '', cert.publicKey)).toBe(true);
    }
  });

  it('fails at getToken with a precise AuthenticationError and sends nothing for a wrong password', async () => {
    const dir = temporaryDirectory();
    const password = testSecret('pfx-password');
    const path = writeSecretFile(
      dir,
      'app.pfx',
      makePfx({ key: cert.keyPem, certificates: [cert.certificatePem], password }),
    );
    const { fetch, requests } = tokenEndpoint();
    const credential = new ClientCertificateCredential(
      TENANT,
      CLIENT_ID,
      { certificatePath: path, certificatePassword: testSecret('wrong') },
      { fetch, env: {} },
    );
    const error = await credential.getToken(SCOPE).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).errorResponse.error).toBe('certificate_password_incorrect');
    expect((error as Error).message).toContain('client-certificate-credential');
    expect(requests).toHaveLength(0);
  });

  it('validates its arguments at construction', () => {
    const pem = cert.certificatePem + cert.keyPem;
    expect(() => new ClientCertificateCredential('bad tenant', CLIENT_ID, { certificate: pem })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new ClientCertificateCredential(TENANT, '', { certificate: pem })).toThrow(
      InvalidArgumentError,
    );
    expect(
      () =>
        new ClientCertificateCredential(TENANT, CLIENT_ID, {
          certificate: pem,
          certificatePath: '/a.pem',
        } as never),
    ).toThrow(/ClientCertificateCredential: pass either certificate .* not both/);
    expect(
      () => new ClientCertificateCredential(TENANT, CLIENT_ID, { certificate: cert.certificatePem }),
    ).toThrow(/no private key/);
  });

  it("is the Node entry's class, which the portable class is not, and both carry the public name", () => {
    expect(ClientCertificateCredential).not.toBe(PortableClientCertificateCredential);
    expect(Object.getPrototypeOf(ClientCertificateCredential)).toBe(ClientCertificateCredentialBase);
    expect(Object.getPrototypeOf(PortableClientCertificateCredential)).toBe(ClientCertificateCredentialBase);
    expect(PortableClientCertificateCredential.name).toBe('ClientCertificateCredential');
  });
});

describe('ClientCertificateCredential of the portable entry (edge runtimes and browsers)', () => {
  it('signs with an in-memory PKCS#8 PEM', async () => {
    const { fetch, requests } = tokenEndpoint();
    const pem = cert.certificatePem + cert.keyPem;
    await new PortableClientCertificateCredential(
      TENANT,
      CLIENT_ID,
      { certificate: pem },
      { fetch, env: {} },
    ).getToken(SCOPE);
    expect(verifyJwt(formOf(requests[0]?.body).client_assertion ?? '', cert.publicKey)).toBe(true);
  });

  it('says that files, PFX and encrypted or PKCS#1 keys need Node.js, and sends nothing', async () => {
    const dir = temporaryDirectory();
    const inputs = [
      writeSecretFile(dir, 'plain.pem', cert.certificatePem + cert.keyPem),
      { certificate: cert.certificatePem + pkcs1Pem(cert) },
      {
        certificate: new Uint8Array(
          makePfx({ key: cert.keyPem, certificates: [cert.certificatePem], password: '' }),
        ),
      },
    ];
    for (const input of inputs) {
      const { fetch, requests } = tokenEndpoint();
      const credential = new PortableClientCertificateCredential(TENANT, CLIENT_ID, input, {
        fetch,
        env: {},
      });
      const error = await credential.getToken(SCOPE).catch((e: unknown) => e);
      expect((error as AuthenticationError).errorResponse?.error).toBe('certificate_needs_node');
      expect((error as Error).message).toMatch(/need Node\.js .*BEGIN PRIVATE KEY/);
      expect(requests).toHaveLength(0);
    }
  });
});
