// MSAL's token cache document, the JSON that MSAL Node, MSAL Python, the Azure CLI and `@azure/identity` write:
// top-level `Account`, `AccessToken`, `RefreshToken`, `IdToken` and `AppMetadata` maps of entities with snake_case
// fields, under MSAL's lower-cased keys. Only the entries this library writes are replaced, and then field by field:
// sections, entries and fields it does not know (a newer MSAL's, another tool's) stay as they were.
import { accountEnvironment } from '@identity/core/internal';

/** An entity of MSAL's cache: its known fields (all strings) and whatever else a writer put there. */
export type MsalEntity = Record<string, unknown>;

/**
 * A parsed cache file: MSAL's five sections, and any other top-level key kept as it was read.
 *
 * @example
 * ```ts
 * const document = parseCacheDocument(await readFile(path, 'utf8'));
 * Object.keys(document.Account); // ['uid.utid-login.windows.net-utid']
 * ```
 */
export interface MsalCacheDocument {
  Account: Record<string, MsalEntity>;
  AccessToken: Record<string, MsalEntity>;
  RefreshToken: Record<string, MsalEntity>;
  IdToken: Record<string, MsalEntity>;
  AppMetadata: Record<string, MsalEntity>;
  [section: string]: unknown;
}

const SECTIONS = ['Account', 'AccessToken', 'RefreshToken', 'IdToken', 'AppMetadata'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a cache file's text. An empty text is an empty cache; a missing section is an empty one.
 *
 * @throws `SyntaxError` for text that is not JSON, `TypeError` for JSON that is not MSAL's document (a section that
 * is not an object): the file is then set aside rather than rewritten
 * @example
 * ```ts
 * parseCacheDocument('{"Account":{}}').AccessToken; // {}
 * ```
 */
export function parseCacheDocument(text: string): MsalCacheDocument {
  const parsed: unknown = text.trim() ? JSON.parse(text) : {};
  if (!isObject(parsed)) throw new TypeError('the cache file is not a JSON object');
  for (const section of SECTIONS) {
    parsed[section] ??= {};
    if (!isObject(parsed[section])) throw new TypeError(`the cache file's ${section} is not an object`);
  }
  return parsed as MsalCacheDocument;
}

/**
 * The text of a cache file: compact JSON, as MSAL writes it.
 *
 * @example
 * ```ts
 * await writeFile(path, serializeCacheDocument(document), { mode: 0o600 });
 * ```
 */
export function serializeCacheDocument(document: MsalCacheDocument): string {
  return JSON.stringify(document);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The cloud an entity's `environment` names: its cloud's preferred cache host (`login.windows.net` for every host
 * name of the public cloud, as MSAL's readers take them), lower-cased. MSAL Python writes the host it signed in at
 * (`login.microsoftonline.com`), MSAL Node the preferred one. A value that is not a host name stays as it is.
 *
 * @example
 * ```ts
 * cloudOf('login.microsoftonline.com'); // 'login.windows.net'
 * ```
 */
export function cloudOf(environment: unknown): string {
  const host = text(environment).toLowerCase();
  return /^[a-z0-9.-]+(:\d+)?$/.test(host) ? accountEnvironment(`https://${host}`) : host;
}

/**
 * Whether two `environment` values name the same cloud ({@link cloudOf}).
 *
 * @example
 * ```ts
 * sameCloud('login.microsoftonline.com', 'login.windows.net'); // true
 * ```
 */
export function sameCloud(a: unknown, b: unknown): boolean {
  return cloudOf(a) === cloudOf(b);
}

/**
 * The key of a credential entity (access, refresh or ID token), as MSAL Node makes it:
 * `<home_account_id>-<environment>-<credential_type>-<client_id or family_id>-<realm>-<target>-<claims hash>-<scheme>`,
 * lower-cased (the scheme is empty for Bearer tokens).
 *
 * @example
 * ```ts
 * credentialKey({ home_account_id: 'uid.utid', environment: 'login.windows.net', credential_type: 'RefreshToken', client_id: 'app' });
 * // 'uid.utid-login.windows.net-refreshtoken-app----'
 * ```
 */
export function credentialKey(entity: MsalEntity): string {
  const type = text(entity.credential_type);
  const scheme = text(entity.token_type).toLowerCase();
  return [
    text(entity.home_account_id),
    text(entity.environment),
    type,
    (type === 'RefreshToken' && text(entity.family_id)) || text(entity.client_id),
    text(entity.realm),
    text(entity.target),
    text(entity.requestedClaimsHash),
    scheme === 'bearer' ? '' : scheme,
  ]
    .join('-')
    .toLowerCase();
}

/**
 * The key of an account entity: `<home_account_id>-<environment>-<realm>`, lower-cased.
 *
 * @example
 * ```ts
 * accountEntityKey({ home_account_id: 'uid.utid', environment: 'login.windows.net', realm: 'utid' });
 * ```
 */
export function accountEntityKey(entity: MsalEntity): string {
  return [text(entity.home_account_id), text(entity.environment), text(entity.realm)].join('-').toLowerCase();
}

/**
 * The key of an app metadata entity: `appmetadata-<environment>-<client_id>`, lower-cased.
 *
 * @example
 * ```ts
 * appMetadataKey({ environment: 'login.windows.net', client_id: 'app' }); // 'appmetadata-login.windows.net-app'
 * ```
 */
export function appMetadataKey(entity: MsalEntity): string {
  return ['appmetadata', text(entity.environment), text(entity.client_id)].join('-').toLowerCase();
}

/**
 * Writes an entity under its key, keeping the fields of the one there that it does not set (a newer writer's).
 *
 * @example
 * ```ts
 * putEntity(document.RefreshToken, credentialKey(entity), entity);
 * ```
 */
export function putEntity(section: Record<string, MsalEntity>, key: string, entity: MsalEntity): void {
  const previous = section[key];
  section[key] = isObject(previous) ? { ...previous, ...entity } : entity;
}

/**
 * The scopes of an entity's `target` that say what the token is for: lower-cased, without the OpenID ones
 * (`openid`, `profile`, `offline_access`), as MSAL compares them.
 *
 * @example
 * ```ts
 * searchScopes('https://graph.microsoft.com/User.Read openid profile'); // ['https://graph.microsoft.com/user.read']
 * ```
 */
export function searchScopes(target: unknown): string[] {
  const scopes = text(target).toLowerCase().split(' ').filter(Boolean);
  const oidc = new Set(['openid', 'profile', 'offline_access']);
  const resource = scopes.filter((scope) => !oidc.has(scope));
  return resource.length ? resource : scopes.filter((scope) => scope !== 'offline_access');
}

/**
 * A time field of MSAL's cache (seconds since the epoch, as text) in milliseconds; `undefined` when absent or not a
 * number.
 *
 * @example
 * ```ts
 * msalTime('1700000000'); // 1_700_000_000_000
 * ```
 */
export function msalTime(value: unknown): number | undefined {
  const seconds = Number(text(value) || Number.NaN);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * A time in milliseconds as MSAL's cache writes it: whole seconds since the epoch, as text.
 *
 * @example
 * ```ts
 * toMsalTime(1_700_000_000_500); // '1700000000'
 * ```
 */
export function toMsalTime(milliseconds: number): string {
  return String(Math.floor(milliseconds / 1000));
}
