import { describe, expect, it } from 'vitest';
import {
  type AuthenticationRecord,
  checkAuthenticationRecord,
  deserializeAuthenticationRecord,
  serializeAuthenticationRecord,
} from './authentication-record.js';
import { InvalidArgumentError } from './errors.js';

const record: AuthenticationRecord = {
  authority: 'login.windows.net',
  homeAccountId: '0d1f2e3c-4b5a-6978-8a9b-0c1d2e3f4a5b.72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  username: 'ada@contoso.com',
};

describe('serializeAuthenticationRecord', () => {
  it("writes @azure/identity's JSON: the five fields and version 1.0, nothing else", () => {
    const json = serializeAuthenticationRecord({ ...record, extra: 'dropped' } as AuthenticationRecord);
    expect(JSON.parse(json)).toEqual({ ...record, version: '1.0' });
  });

  it('refuses a value that is not a record, naming the field', () => {
    expect(() =>
      serializeAuthenticationRecord({ ...record, homeAccountId: '' } as AuthenticationRecord),
    ).toThrow(/homeAccountId is missing/);
    expect(() => serializeAuthenticationRecord(undefined as unknown as AuthenticationRecord)).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('deserializeAuthenticationRecord', () => {
  it('reads back what serializeAuthenticationRecord wrote', () => {
    expect(deserializeAuthenticationRecord(serializeAuthenticationRecord(record))).toEqual(record);
  });

  it('reads a record as @azure/identity writes it (its key order, the public cloud as MSAL names it)', () => {
    // @azure/identity 4 builds the record in msalToPublic (authority, homeAccountId, tenantId, username, clientId,
    // version) and serializes it with JSON.stringify; MSAL's account environment for login.microsoftonline.com is
    // its preferred cache host, login.windows.net.
    const peerJson =
      '{"authority":"login.windows.net","homeAccountId":"0d1f2e3c-4b5a-6978-8a9b-0c1d2e3f4a5b.72f988bf-86f1-41af-91ab-2d7cd011db47","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","username":"ada@contoso.com","clientId":"04b07795-8ddb-461a-bbee-02f9e1bf7b46","version":"1.0"}';
    expect(deserializeAuthenticationRecord(peerJson)).toEqual(record);
  });

  it('reads a record without a version as version 1.0, as @azure/identity does', () => {
    expect(deserializeAuthenticationRecord(JSON.stringify(record))).toEqual(record);
  });

  it('refuses other versions, naming the version', () => {
    const error = (() => {
      try {
        deserializeAuthenticationRecord(JSON.stringify({ ...record, version: '2.0' }));
      } catch (e) {
        return e;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/version "2\.0" is not supported.*#authentication-record$/);
    expect(() => deserializeAuthenticationRecord(JSON.stringify({ ...record, version: 1 }))).toThrow(
      /version number is not supported/,
    );
  });

  it('refuses text that is not the JSON of a record, without repeating it', () => {
    for (const text of ['', 'ada@contoso.com', '[]', 'null', '"record"', '{"authority":']) {
      expect(() => deserializeAuthenticationRecord(text), text).toThrow(
        /deserializeAuthenticationRecord: the text is not the JSON of an AuthenticationRecord/,
      );
    }
    expect(() => deserializeAuthenticationRecord('ada@contoso.com')).not.toThrow(/ada@/);
  });

  it('refuses a record with a missing or mistyped field', () => {
    const { username: _, ...noUsername } = record;
    expect(() => deserializeAuthenticationRecord(JSON.stringify(noUsername))).toThrow(
      /the record is not an AuthenticationRecord: its username is missing/,
    );
    expect(() => deserializeAuthenticationRecord(JSON.stringify({ ...record, tenantId: 42 }))).toThrow(
      /its tenantId is missing/,
    );
  });

  it('takes an empty user name, as MSAL gives accounts without one', () => {
    expect(deserializeAuthenticationRecord(JSON.stringify({ ...record, username: '' })).username).toBe('');
  });
});

describe('checkAuthenticationRecord', () => {
  it('names the option it checks', () => {
    expect(() => checkAuthenticationRecord({}, 'DeviceCodeCredential: authenticationRecord')).toThrow(
      /^DeviceCodeCredential: authenticationRecord is not an AuthenticationRecord: its authority is missing/,
    );
  });
});
