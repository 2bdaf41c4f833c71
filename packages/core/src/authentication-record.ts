// The AuthenticationRecord: which account an interactive credential signed in, so a later credential (in this
// process or another) can find that account's tokens and sign in silently. It holds no secret. Its JSON is
// `@azure/identity`'s, field for field, so a record written by either library is read by the other.
import { InvalidArgumentError, troubleshooting } from './errors.js';

/**
 * The account a user credential signed in: `authenticate()` returns it, and the `authenticationRecord` option
 * takes it back. It names the account; it is not a credential (the tokens stay in the token cache).
 *
 * @example
 * ```ts
 * const record: AuthenticationRecord = await credential.authenticate('https://graph.microsoft.com/.default');
 * record.username; // 'ada@contoso.com'
 * ```
 */
export interface AuthenticationRecord {
  /**
   * The authority's host, as `@azure/identity` writes it: the cloud's cache host (`login.windows.net` for the public
   * cloud, as MSAL names it), else the authority host's name and port.
   */
  authority: string;
  /** The account's home account id: `<object id>.<home tenant id>`. */
  homeAccountId: string;
  /** The application (client) id the account signed in to. */
  clientId: string;
  /** The tenant the account signed in at. */
  tenantId: string;
  /** The account's sign-in name (`preferred_username`), such as `ada@contoso.com`. */
  username: string;
}

// The only version of the JSON there is, in both libraries.
const VERSION = '1.0';
const FIELDS = ['authority', 'homeAccountId', 'clientId', 'tenantId', 'username'] as const;

/**
 * Checks that a value is an {@link AuthenticationRecord} (its five fields are strings, all but `username` non-empty)
 * and returns just those fields. `what` names the value in the error.
 *
 * @throws `InvalidArgumentError` naming the first field that is wrong
 * @example
 * ```ts
 * const record = checkAuthenticationRecord(options.authenticationRecord, 'DeviceCodeCredential: authenticationRecord');
 * ```
 */
export function checkAuthenticationRecord(value: unknown, what: string): AuthenticationRecord {
  const fields = (typeof value === 'object' && value) || {};
  const record = {} as AuthenticationRecord;
  for (const name of FIELDS) {
    const field = (fields as Record<string, unknown>)[name];
    if (typeof field !== 'string' || (!field && name !== 'username')) {
      throw new InvalidArgumentError(
        `${what} is not an AuthenticationRecord: its ${name} is missing. Pass what authenticate() returned. ${troubleshooting('authentication-record')}`,
      );
    }
    record[name] = field;
  }
  return record;
}

/**
 * Writes an {@link AuthenticationRecord} as JSON, as `@azure/identity` does: its five fields and `"version": "1.0"`.
 * The JSON names an account (its user name included) but holds no secret; store it where the app keeps its
 * settings.
 *
 * @throws `InvalidArgumentError` when `record` is not an AuthenticationRecord
 * @example
 * ```ts
 * const record = await credential.authenticate(scope);
 * await writeFile('account.json', serializeAuthenticationRecord(record));
 * ```
 */
export function serializeAuthenticationRecord(record: AuthenticationRecord): string {
  return JSON.stringify({
    ...checkAuthenticationRecord(record, 'serializeAuthenticationRecord: the value'),
    version: VERSION,
  });
}

/**
 * Reads an {@link AuthenticationRecord} from the JSON {@link serializeAuthenticationRecord} (or `@azure/identity`'s)
 * wrote. A record without a `version` is read as version 1.0, as `@azure/identity` reads it.
 *
 * @throws `InvalidArgumentError` for text that is not JSON, a `version` other than "1.0", or a missing field
 * @example
 * ```ts
 * const authenticationRecord = deserializeAuthenticationRecord(await readFile('account.json', 'utf8'));
 * const credential = new DeviceCodeCredential({ authenticationRecord });
 * ```
 */
export function deserializeAuthenticationRecord(serializedRecord: string): AuthenticationRecord {
  const what = 'deserializeAuthenticationRecord';
  let parsed: unknown;
  try {
    parsed = JSON.parse(serializedRecord);
  } catch {}
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    // The text is not repeated: it names a person.
    throw new InvalidArgumentError(
      `${what}: the text is not the JSON of an AuthenticationRecord. Pass what serializeAuthenticationRecord returned. ${troubleshooting('authentication-record')}`,
    );
  }
  const { version = VERSION } = parsed as { version?: unknown };
  if (version !== VERSION) {
    const shown =
      typeof version === 'string' ? `"${version.replace(/[^\w.-]/g, '?').slice(0, 20)}"` : typeof version;
    throw new InvalidArgumentError(
      `${what}: version ${shown} is not supported; this library reads version "1.0" records. Sign in again with authenticate() to get one. ${troubleshooting('authentication-record')}`,
    );
  }
  return checkAuthenticationRecord(parsed, `${what}: the record`);
}
