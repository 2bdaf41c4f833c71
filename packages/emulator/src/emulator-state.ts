// The registry of tenants, apps and federated issuers, and the rules for registering them.
import { createHash, X509Certificate } from 'node:crypto';
import { base64UrlEncode, newClientSecret, newGuid } from './emulator-encoding.js';
import { validateRedirectUri } from './emulator-redirect-uris.js';
import type {
  AppRegistration,
  EmulatorApp,
  EmulatorCertificate,
  EmulatorIssuer,
  EmulatorState,
  EmulatorTenant,
  RegisteredApp,
} from './emulator-types.js';

/**
 * The audience Entra requires by default on federated credentials.
 *
 * @example
 * ```ts
 * await issuer.mint({ subject, audience: TOKEN_EXCHANGE_AUDIENCE });
 * ```
 */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

// The same allow-list the clients enforce (entra-protocol.md §3.4), so nothing odd lands in a URL path.
const TENANT_ID = /^[0-9a-zA-Z.-]+$/;
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Parses the first certificate of a PEM string (a bundle with a key or a chain is fine) and computes the
 * thumbprints a client assertion may name.
 *
 * @example
 * ```ts
 * parseCertificate(pem).thumbprintSha256; // the value of `x5t#S256`
 * ```
 */
export function parseCertificate(pem: string): EmulatorCertificate {
  const block = CERTIFICATE_BLOCK.exec(pem)?.[0];
  if (!block)
    throw new TypeError('A certificate must be a PEM string containing "-----BEGIN CERTIFICATE-----".');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(block);
  } catch (cause) {
    throw new TypeError(`The PEM certificate could not be parsed: ${(cause as Error).message}`);
  }
  return {
    pem: block,
    thumbprintSha1: base64UrlEncode(createHash('sha1').update(certificate.raw).digest()),
    thumbprintSha256: base64UrlEncode(createHash('sha256').update(certificate.raw).digest()),
    publicKey: certificate.publicKey,
  };
}

// Entra's authority aliases: a path segment, never a tenant (a tenant of that name could not be reached).
const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);
// A client id lands in URLs (`api://<id>`) and form fields: GUIDs in Entra, any plain word here.
const CLIENT_ID = /^[0-9a-zA-Z._~-]+$/;

function checkTenantId(tenantId: string): string {
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) {
    throw new TypeError(`Invalid tenant id '${tenantId}': only letters, digits, '-' and '.' are allowed.`);
  }
  if (TENANT_ALIASES.has(tenantId.toLowerCase())) {
    throw new TypeError(`'${tenantId}' is an authority alias, not a tenant: use a tenant id.`);
  }
  return tenantId.toLowerCase();
}

function checkClientId(clientId: unknown): string {
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) {
    throw new TypeError(
      `Invalid client id ${JSON.stringify(clientId)}: use a GUID (letters, digits, '.', '_', '~' and '-').`,
    );
  }
  return clientId.toLowerCase();
}

function checkPositiveSeconds(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`${name} must be a positive number of seconds.`);
  return Math.floor(value);
}

/**
 * Creates an empty registry whose default tenant exists.
 *
 * @example
 * ```ts
 * const state = createEmulatorState('72f988bf-86f1-41af-91ab-2d7cd011db47');
 * state.registerApp({ clientSecret: 'dev' });
 * ```
 */
export function createEmulatorState(defaultTenantId: string = newGuid()): EmulatorState {
  const tenants = new Map<string, EmulatorTenant>();
  const issuers = new Map<string, EmulatorIssuer>();

  const registerTenant = (tenantId: string = newGuid()): string => {
    const key = checkTenantId(tenantId);
    if (!tenants.has(key)) tenants.set(key, { tenantId: key, apps: new Map() });
    return key;
  };

  const defaultTenant = registerTenant(defaultTenantId);

  const registerApp = (registration: AppRegistration = {}): RegisteredApp => {
    const tenantId = registerTenant(registration.tenantId ?? defaultTenant);
    const clientId = checkClientId(registration.clientId ?? newGuid());
    // An empty secret would authenticate a client that sends `client_secret=` (a credential that lost its secret).
    if (
      registration.clientSecret !== undefined &&
      (typeof registration.clientSecret !== 'string' || registration.clientSecret === '')
    ) {
      throw new TypeError('clientSecret must be a non-empty string.');
    }
    if (
      registration.roles !== undefined &&
      (!Array.isArray(registration.roles) || registration.roles.some((role) => typeof role !== 'string'))
    ) {
      throw new TypeError('roles must be an array of role names.');
    }
    const certificates = (registration.certificates ?? []).map(parseCertificate);
    const federatedCredentials = (registration.federatedCredentials ?? []).map((credential) => {
      if (!credential.issuer || !credential.subject) {
        throw new TypeError('A federated credential needs an issuer and a subject.');
      }
      return {
        issuer: credential.issuer,
        subject: credential.subject,
        audience: credential.audience ?? TOKEN_EXCHANGE_AUDIENCE,
      };
    });
    const publicClient = registration.publicClient ?? false;
    // A secret nobody asked for would widen what the app accepts, so one is generated only for bare
    // confidential apps.
    const clientSecret =
      registration.clientSecret ??
      (certificates.length === 0 && federatedCredentials.length === 0 && !publicClient
        ? newClientSecret()
        : undefined);
    const redirectUris = (
      registration.redirectUris ?? (publicClient ? ['http://localhost', 'http://127.0.0.1'] : [])
    ).map((uri) => validateRedirectUri(uri, 'redirectUris'));
    const spaRedirectUris = (registration.spaRedirectUris ?? []).map((uri) =>
      validateRedirectUri(uri, 'spaRedirectUris'),
    );
    const app: EmulatorApp = {
      tenantId,
      clientId,
      objectId: newGuid(),
      displayName: registration.displayName ?? `emulated-app-${clientId.slice(0, 8)}`,
      certificates,
      federatedCredentials,
      roles: [...(registration.roles ?? [])],
      expiresInAsString: registration.expiresInAsString ?? false,
      publicClient,
      redirectUris,
      spaRedirectUris,
      multiTenant: registration.multiTenant ?? false,
      adminConsent: registration.adminConsent ?? false,
    };
    if (clientSecret !== undefined) app.clientSecret = clientSecret;
    const lifetime = checkPositiveSeconds(registration.tokenLifetimeSeconds, 'tokenLifetimeSeconds');
    if (lifetime !== undefined) app.tokenLifetimeSeconds = lifetime;
    const refreshIn = checkPositiveSeconds(registration.refreshInSeconds, 'refreshInSeconds');
    if (refreshIn !== undefined) app.refreshInSeconds = refreshIn;
    const refreshTokenLifetime = checkPositiveSeconds(
      registration.refreshTokenLifetimeSeconds,
      'refreshTokenLifetimeSeconds',
    );
    if (refreshTokenLifetime !== undefined) app.refreshTokenLifetimeSeconds = refreshTokenLifetime;
    if (registration.familyId !== undefined && registration.familyId !== '1')
      throw new TypeError("familyId must be '1', Entra's only family of client ids.");
    if (registration.familyId) app.familyId = registration.familyId;
    const version = registration.accessTokenAcceptedVersion;
    if (version !== undefined && version !== 1 && version !== 2)
      throw new TypeError('accessTokenAcceptedVersion must be 1 or 2.');
    if (version !== undefined) app.accessTokenAcceptedVersion = version;
    tenants.get(tenantId)!.apps.set(clientId, app);

    const registered: RegisteredApp = { tenantId, clientId, objectId: app.objectId };
    if (clientSecret !== undefined) registered.clientSecret = clientSecret;
    return registered;
  };

  return {
    defaultTenantId: defaultTenant,
    tenants,
    issuers,
    findApp: (tenantId, clientId) => tenants.get(tenantId.toLowerCase())?.apps.get(clientId.toLowerCase()),
    registerApp,
    registerTenant,
  };
}

/**
 * Every app of the registry as `registerApp` returned it (generated ids and secrets included), in the order
 * of their tenants and registration: how the CLI and the vitest setup report what a configuration registered.
 *
 * @example
 * ```ts
 * const [first] = registeredApps(emulator.state);
 * ```
 */
export function registeredApps(state: EmulatorState): RegisteredApp[] {
  return [...state.tenants.values()].flatMap((tenant) =>
    [...tenant.apps.values()].map((app) => ({
      tenantId: app.tenantId,
      clientId: app.clientId,
      objectId: app.objectId,
      ...(app.clientSecret === undefined ? {} : { clientSecret: app.clientSecret }),
    })),
  );
}
