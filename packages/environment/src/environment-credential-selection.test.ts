// Every combination of the six variables that choose a credential, against the documented rule: tenant and
// client id, then a secret, else a certificate path, else a username and password.
import { describe, expect, it } from 'vitest';
import { selectEnvironmentCredential } from './environment-credential-selection.js';

const VALUES: Record<string, string> = {
  AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  AZURE_CLIENT_SECRET: 'secret-value',
  AZURE_CLIENT_CERTIFICATE_PATH: '/certs/app.pem',
  AZURE_USERNAME: 'ada@contoso.example',
  AZURE_PASSWORD: 'password-value',
};
const NAMES = Object.keys(VALUES);

const combinations = Array.from({ length: 2 ** NAMES.length }, (_, mask) =>
  NAMES.filter((_name, bit) => mask & (1 << bit)),
);

function expectedKind(set: string[]) {
  const has = (name: string) => set.includes(name);
  if (!has('AZURE_TENANT_ID') || !has('AZURE_CLIENT_ID')) return undefined;
  if (has('AZURE_CLIENT_SECRET')) return 'ClientSecretCredential';
  if (has('AZURE_CLIENT_CERTIFICATE_PATH')) return 'ClientCertificateCredential';
  if (has('AZURE_USERNAME') && has('AZURE_PASSWORD')) return 'UsernamePasswordCredential';
  return undefined;
}

describe('selectEnvironmentCredential', () => {
  it.each(combinations.map((set) => [set.join(' + ') || '(nothing)', set] as const))(
    'with %s',
    (_label, set) => {
      const env = Object.fromEntries(set.map((name) => [name, VALUES[name]]));
      const selection = selectEnvironmentCredential(env);
      expect(selection.kind).toBe(expectedKind(set));
      if (selection.kind !== undefined) {
        expect(selection).toMatchObject({
          tenantId: VALUES.AZURE_TENANT_ID,
          clientId: VALUES.AZURE_CLIENT_ID,
        });
        return;
      }
      // An unusable configuration names every variable that is set and every id that is missing, never a value.
      for (const name of set) expect(selection.reason).toContain(name);
      for (const id of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']) {
        if (!set.includes(id)) expect(selection.reason).toContain(id);
      }
      for (const value of Object.values(VALUES)) expect(selection.reason).not.toContain(value);
    },
  );

  it.each([
    [{}, /no AZURE_\* credential variables are set/],
    [
      { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' },
      /also set AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_USERNAME and AZURE_PASSWORD\./,
    ],
    [
      { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_USERNAME: 'u' },
      /also set AZURE_PASSWORD \(or AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH instead\)/,
    ],
    [{ AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' }, /are set; also set AZURE_TENANT_ID\./],
    [{ AZURE_CLIENT_ID: 'c' }, /fine for a user-assigned managed identity/],
    [
      { AZURE_TENANT_ID: 't', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'p' },
      /also set AZURE_CLIENT_ID, and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH/,
    ],
  ])('explains %j', (env, reason) => {
    const selection = selectEnvironmentCredential(env);
    expect(selection.kind).toBeUndefined();
    expect(selection.kind === undefined && selection.reason).toMatch(reason);
  });

  it('uses the passwords exactly as set (spaces around them may be part of them), the other values trimmed', () => {
    const padded = Object.fromEntries(NAMES.map((name) => [name, ` ${VALUES[name]}\n`]));
    const [certificate, user] = [
      { ...padded, AZURE_CLIENT_SECRET: '', AZURE_CLIENT_CERTIFICATE_PASSWORD: ' pfx password ' },
      { ...padded, AZURE_CLIENT_SECRET: '', AZURE_CLIENT_CERTIFICATE_PATH: '' },
    ].map(selectEnvironmentCredential);
    expect(certificate).toMatchObject({
      tenantId: VALUES.AZURE_TENANT_ID,
      clientId: VALUES.AZURE_CLIENT_ID,
      certificatePath: VALUES.AZURE_CLIENT_CERTIFICATE_PATH,
      certificatePassword: ' pfx password ',
    });
    expect(user).toMatchObject({ username: VALUES.AZURE_USERNAME, password: ` ${VALUES.AZURE_PASSWORD}\n` });
    expect(selectEnvironmentCredential({ ...padded, AZURE_CLIENT_CERTIFICATE_PASSWORD: ' ' })).toMatchObject({
      clientSecret: VALUES.AZURE_CLIENT_SECRET,
    });
  });

  it('reads the certificate password and the send-chain flag with the certificate', () => {
    expect(
      selectEnvironmentCredential({
        ...VALUES,
        AZURE_CLIENT_SECRET: '  ',
        AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pfx-password',
        AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: 'TRUE',
      }),
    ).toEqual({
      kind: 'ClientCertificateCredential',
      tenantId: VALUES.AZURE_TENANT_ID,
      clientId: VALUES.AZURE_CLIENT_ID,
      certificatePath: '/certs/app.pem',
      certificatePassword: 'pfx-password',
      sendCertificateChain: true,
    });
  });
});
