// The public types of the emulator: options, registrations, state and the route context. The handle,
// `Emulator`, sits beside `startEmulator` in emulator-server, so these types depend on no route module at run
// time (the configuration names three registrations of route modules, as types only).

import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { EntraError } from './emulator-errors.js';
import type { EmulatorJwks } from './emulator-keys.js';
import type { ExpiresOnFormat } from './emulator-managed-identity-sources.js';

/**
 * A federated identity credential on an app: tokens from `issuer` about `subject`, addressed to `audience`,
 * may stand in for the app's secret.
 *
 * @example
 * ```ts
 * const credential: FederatedCredential = { issuer: issuer.issuer, subject: 'system:serviceaccount:default:app' };
 * ```
 */
export interface FederatedCredential {
  /** The issuer (`iss`) of the tokens the app may exchange. */
  issuer: string;
  /** The subject (`sub`) those tokens must carry. */
  subject: string;
  /** Default `api://AzureADTokenExchange`, the audience Entra expects for workload identity federation. */
  audience?: string;
}

/**
 * What `registerApp` accepts; every field is optional and sensible defaults are generated.
 *
 * @example
 * ```ts
 * emulator.registerApp({ displayName: 'worker', roles: ['Jobs.Run'], tokenLifetimeSeconds: 600 });
 * ```
 */
export interface AppRegistration {
  /** Default: the emulator's default tenant. An unknown tenant is created. */
  tenantId?: string;
  /** Default: a new GUID. */
  clientId?: string;
  /** Default: a generated secret, but only when the app has no certificate and no federated credential. */
  clientSecret?: string;
  /** PEM certificates whose private keys may sign client assertions. */
  certificates?: string[];
  /** Workload identity federation: tokens of these issuers and subjects may be exchanged for the app's tokens. */
  federatedCredentials?: FederatedCredential[];
  /** App roles granted to the app; they appear as the `roles` claim. */
  roles?: string[];
  /** The name sign-in and consent pages show. Default: a generated one. */
  displayName?: string;
  /** Lifetime of the app's access tokens (default 3599 s, or about 24 h for CAE tokens). */
  tokenLifetimeSeconds?: number;
  /** Send `expires_in` as a string, as some Entra front ends do, to test lenient parsers. */
  expiresInAsString?: boolean;
  /** Add `refresh_in` to token responses with this many seconds. */
  refreshInSeconds?: number;
  /**
   * Entra's "Allow public client flows": device code, authorization code and refresh token requests need no
   * client credential (presenting one is AADSTS700025), and no secret is generated unless one is given.
   */
  publicClient?: boolean;
  /**
   * Redirect URIs: "Mobile and desktop" URIs of a public client, "Web" URIs (redeemed with the client's
   * credential) of any other app. Loopback URIs match on any port. Default for a public client:
   * `http://localhost` and `http://127.0.0.1`.
   */
  redirectUris?: string[];
  /** "Single-page application" redirect URIs: codes and refresh tokens are redeemed cross-origin only. */
  spaRedirectUris?: string[];
  /** Accounts in any organizational directory: usable at `/common`, `/organizations` and other tenants. */
  multiTenant?: boolean;
  /** An administrator consented for every user: sign-in shows no consent page and any delegated scope is granted. */
  adminConsent?: boolean;
  /** How long an unused refresh token stays valid (default 7776000 s: Entra's 90 days of inactivity). */
  refreshTokenLifetimeSeconds?: number;
  /**
   * A member of Microsoft's family of client ids (FOCI), as the Azure CLI, Azure PowerShell and Visual Studio are:
   * `'1'`, Entra's only family. Its token responses carry `foci: "1"` with the refresh token, and every member
   * redeems the refresh tokens of the others (another client's is AADSTS70000, as without it).
   */
  familyId?: '1';
  /**
   * The access-token version the app accepts as a resource (its manifest's `accessTokenAcceptedVersion`), for
   * tokens asked for `api://{clientId}/.default` or `{clientId}/.default`. Default 2 (Entra reads an unset
   * value as 1; set 1 for that). First-party Microsoft resources always get v1 tokens.
   */
  accessTokenAcceptedVersion?: 1 | 2;
}

/**
 * What `registerApp` returns: the identifiers a client needs (and the secret, generated or given).
 *
 * @example
 * ```ts
 * const { tenantId, clientId, clientSecret } = emulator.registerApp();
 * ```
 */
export interface RegisteredApp {
  /** The tenant the app is registered in. */
  tenantId: string;
  /** The application (client) id. */
  clientId: string;
  /** The secret, when the app has one. */
  clientSecret?: string;
  /** The object id of the app's service principal: the `oid` and `sub` of its tokens. */
  objectId: string;
}

/**
 * A registered certificate, with the thumbprints a client assertion header may name.
 *
 * @example
 * ```ts
 * app.certificates[0]?.thumbprintSha256; // base64url SHA-256 of the DER certificate
 * ```
 */
export interface EmulatorCertificate {
  /** The certificate, PEM. */
  pem: string;
  /** base64url SHA-1 of the DER certificate (`x5t`). */
  thumbprintSha1: string;
  /** base64url SHA-256 of the DER certificate (`x5t#S256`). */
  thumbprintSha256: string;
  /** Its public key, which verifies client assertions. */
  publicKey: KeyObject;
}

/**
 * An app as the emulator stores it, with defaults filled in.
 *
 * @example
 * ```ts
 * const app = ctx.state.findApp(tenantId, clientId);
 * app?.roles; // ['Jobs.Run']
 * ```
 */
export interface EmulatorApp {
  /** The tenant the app is registered in. */
  tenantId: string;
  /** The application (client) id. */
  clientId: string;
  /** The secret, when the app has one. */
  clientSecret?: string;
  /** The object id of the app's service principal. */
  objectId: string;
  /** The name pages show. */
  displayName: string;
  /** Certificates whose keys may sign client assertions. */
  certificates: EmulatorCertificate[];
  /** Federated credentials, with their audiences filled in. */
  federatedCredentials: Required<FederatedCredential>[];
  /** App roles granted to the app (`roles` claim). */
  roles: string[];
  /** Lifetime of its access tokens, when set. */
  tokenLifetimeSeconds?: number;
  /** Whether `expires_in` is sent as a string. */
  expiresInAsString: boolean;
  /** `refresh_in` of its token responses, when set. */
  refreshInSeconds?: number;
  /** Whether public client flows are allowed. */
  publicClient: boolean;
  /** Its "Mobile and desktop" or "Web" redirect URIs. */
  redirectUris: string[];
  /** Its single-page application redirect URIs. */
  spaRedirectUris: string[];
  /** Whether other tenants may use it. */
  multiTenant: boolean;
  /** Whether an administrator consented for every user. */
  adminConsent: boolean;
  /** How long an unused refresh token stays valid, when set. */
  refreshTokenLifetimeSeconds?: number;
  /** Its family of client ids (FOCI), when it is a member. */
  familyId?: string;
  /** The access-token version it accepts as a resource, when set. */
  accessTokenAcceptedVersion?: 1 | 2;
}

/**
 * A tenant and its apps, keyed by lower-case client id.
 *
 * @example
 * ```ts
 * ctx.state.tenants.get(emulator.tenantId)?.apps.size; // 1
 * ```
 */
export interface EmulatorTenant {
  /** The tenant id. */
  tenantId: string;
  /** Its apps, by client id. */
  apps: Map<string, EmulatorApp>;
}

/**
 * What `mint` of a federated issuer accepts.
 *
 * @example
 * ```ts
 * await issuer.mint({ subject: 'repo:org/app:ref:refs/heads/main', expiresInSeconds: 300 });
 * ```
 */
export interface IssuerMintClaims {
  /** The subject (`sub`). */
  subject: string;
  /** Default `api://AzureADTokenExchange`. */
  audience?: string;
  /** Default 3600. Negative values mint an already expired token, for tests. */
  expiresInSeconds?: number;
  /** More claims, merged last. */
  extra?: Record<string, unknown>;
}

/**
 * A federated OIDC issuer served by the emulator (a Kubernetes service-account issuer, GitHub Actions...).
 *
 * @example
 * ```ts
 * const k8s = emulator.createIssuer('aks');
 * const token = await k8s.mint({ subject: 'system:serviceaccount:default:app' });
 * ```
 */
export interface EmulatorIssuer {
  /** The issuer URL (`iss`); `{issuer}/.well-known/openid-configuration` is served. */
  issuer: string;
  /** Mints a signed token of this issuer (for a workload-identity token file, say). */
  mint(claims: IssuerMintClaims): Promise<string>;
  /** The issuer's public keys, also served at its `jwks_uri`. */
  jwks(): Promise<EmulatorJwks>;
}

/**
 * What the token minter needs: who the token is for and which resource it is for.
 *
 * @example
 * ```ts
 * ctx.mintAccessToken({ tenantId, clientId: miClientId, objectId: miObjectId, resource: 'https://vault.azure.net' });
 * ```
 */
export interface MintAccessTokenInput {
  /** The tenant (`tid`). */
  tenantId: string;
  /** The app or managed identity client id (`appid` / `azp`). */
  clientId: string;
  /** The service principal object id (`oid`, `sub`); default: the registered app's, else a stable GUID. */
  objectId?: string;
  /** The resource (`aud`); give this or `scope`. */
  resource?: string;
  /** A `/.default` scope, turned into the resource. */
  scope?: string;
  /** App roles (`roles` claim). */
  roles?: string[];
  /** Default: the app's configured lifetime, else 3599 s (CAE: 86399 s). */
  lifetimeSeconds?: number;
  /** Mint a CAE token (`xms_cc: ['cp1']`, long lifetime). */
  cae?: boolean;
  /** How the client proved itself: `appidacr`/`azpacr` 1 for a secret, 2 for a certificate or assertion, 0 otherwise. */
  authMethod?: 'secret' | 'certificate' | 'federated' | 'managed-identity' | 'none';
  /** Default `app`; user flows pass `user`. */
  idtyp?: 'app' | 'user';
  /** Extra claims merged last (user flows add `upn`, `name`, `scp` here). */
  extraClaims?: Record<string, unknown>;
}

/**
 * A minted access token with its lifetime, ready to put in a token response.
 *
 * @example
 * ```ts
 * const { accessToken, expiresIn } = ctx.mintAccessToken(input);
 * ```
 */
export interface MintedAccessToken {
  /** The signed JWT. */
  accessToken: string;
  /** Seconds from now. */
  expiresIn: number;
  /** Epoch seconds. */
  expiresOn: number;
  /** The resource it is for (`aud`). */
  resource: string;
  /** Its claims. */
  claims: Record<string, unknown>;
}

/**
 * How a confidential client proved itself at the token endpoint.
 *
 * @example
 * ```ts
 * const { app, method } = await ctx.authenticateClient(tenant);
 * ```
 */
export interface ClientAuthentication {
  /** The app that authenticated. */
  app: EmulatorApp;
  /** How it proved itself. */
  method: 'secret' | 'certificate' | 'federated';
}

/**
 * The emulator's registry, shared by every route.
 *
 * @example
 * ```ts
 * const tenant = ctx.state.tenants.get(ctx.params.tenant!.toLowerCase());
 * ```
 */
export interface EmulatorState {
  /** The tenant used when none is named. */
  readonly defaultTenantId: string;
  /** Keyed by lower-case tenant id. */
  readonly tenants: Map<string, EmulatorTenant>;
  /** Federated issuers hosted by the emulator, keyed by issuer URL. */
  readonly issuers: Map<string, EmulatorIssuer>;
  /** The app with this client id in this tenant (or a multi-tenant app of another), if any. */
  findApp(tenantId: string, clientId: string): EmulatorApp | undefined;
  /** Registers an app (see {@link AppRegistration}). */
  registerApp(registration?: AppRegistration): RegisteredApp;
  /** Creates a tenant (default: a new GUID) and returns its id. */
  registerTenant(tenantId?: string): string;
}

/**
 * A response a route handler returns. `json` is serialised with `Content-Type: application/json`; `body` is
 * sent as is.
 *
 * @example
 * ```ts
 * return { status: 200, json: { access_token, expires_in: 3599, token_type: 'Bearer' } };
 * ```
 */
export interface EmulatorResponse {
  /** Default 200. */
  status?: number;
  /** Response headers. */
  headers?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** A text body (when there is no `json`). */
  body?: string;
}

/**
 * Fields a handler adds to the request log entry of the current request.
 *
 * @example
 * ```ts
 * ctx.note({ grantType: 'client_credentials', clientId, tenantId });
 * ```
 */
export interface RequestNote {
  /** The token request's `grant_type`. */
  grantType?: string;
  /** The client id. */
  clientId?: string;
  /** The tenant. */
  tenantId?: string;
  /** The user a sign-in, device-code or user token request is about. */
  username?: string;
}

/**
 * Everything a route handler gets: the parsed request, the emulator's state and the shared helpers.
 *
 * @example
 * ```ts
 * emulator.addRoute('GET', '/metadata/identity/oauth2/token', 'imds', (ctx) => {
 *   const minted = ctx.mintAccessToken({ tenantId: ctx.state.defaultTenantId, clientId, resource: ctx.query.get('resource')! });
 *   return { json: { access_token: minted.accessToken, expires_in: String(minted.expiresIn) } };
 * });
 * ```
 */
export interface EmulatorRequestContext {
  /** The HTTP method. */
  method: string;
  /** The full URL. */
  url: URL;
  /** The path, without the query string. */
  path: string;
  /** The query string's parameters. */
  query: URLSearchParams;
  /** The request headers. */
  headers: IncomingHttpHeaders;
  /** The body as text. */
  rawBody: string;
  /** The form body when the request is `application/x-www-form-urlencoded`, else empty. */
  form: URLSearchParams;
  /** Values of `:name` segments, or of the RegExp's named groups. */
  params: Record<string, string>;
  /** The name the route was registered with. */
  route: string;
  /** The emulator's tenants, apps and issuers. */
  state: EmulatorState;
  /** The emulator's base URL (`emulator.url`). */
  emulatorUrl: string;
  /** The `client-request-id` header when sent, else a new GUID. */
  correlationId: string;
  /** The emulator's clock, epoch milliseconds. */
  now(): number;
  /** The one token minter every route shares. */
  mintAccessToken(input: MintAccessTokenInput): MintedAccessToken;
  /** Authenticates the confidential client of a token request (secret, Basic, certificate or federated assertion). */
  authenticateClient(tenant: EmulatorTenant): Promise<ClientAuthentication>;
  /** Resolves the `{tenant}` path segment to a registered tenant or throws the Entra error. */
  resolveTenant(tenant: string): EmulatorTenant;
  /** Renders an Entra error with this request's ids. Throwing the error does the same. */
  errorResponse(error: EntraError): EmulatorResponse;
  /** Adds fields to this request's log entry. */
  note(fields: RequestNote): void;
}

/**
 * A route handler.
 *
 * @example
 * ```ts
 * const handler: EmulatorRouteHandler = () => ({ json: { ok: true } });
 * ```
 */
export type EmulatorRouteHandler = (
  ctx: EmulatorRequestContext,
) => Promise<EmulatorResponse> | EmulatorResponse;

/**
 * A grant handler for the token endpoint, chosen by the request's `grant_type`.
 *
 * @example
 * ```ts
 * emulator.addGrant('password', async (ctx, tenant) => ({ json: await signInUser(ctx, tenant) }));
 * ```
 */
export type EmulatorGrantHandler = (
  ctx: EmulatorRequestContext,
  tenant: EmulatorTenant,
) => Promise<EmulatorResponse> | EmulatorResponse;

/**
 * A fault to inject before the normal handler of a route runs.
 *
 * @example
 * ```ts
 * emulator.faults.add({ route: 'token', status: 429, retryAfter: '1', times: 2 });
 * emulator.faults.add({ route: '/metadata/identity', drop: true });
 * ```
 */
export interface EmulatorFault {
  /** A route name (`token`) or, starting with `/`, a path prefix. */
  route: string;
  /** Only token requests with this `grant_type` (for example the device-code grant, to answer `slow_down`). */
  grantType?: string;
  /** Answer with this OAuth error in Entra's shape (status 400 unless `status` is given). */
  error?: FaultError;
  /** How many requests it applies to; default 1, `Infinity` allowed. */
  times?: number;
  /** Delay before anything else happens. Alone, the request then proceeds normally. */
  latencyMs?: number;
  /** Answer with this status instead of the handler (with an Entra-shaped body unless `body` is given). */
  status?: number;
  /** A `Retry-After` header to send with the status. */
  retryAfter?: string;
  /** A raw body, e.g. malformed JSON; with no `status`, sent with 200. */
  body?: string;
  /** Destroy the socket without answering. */
  drop?: boolean;
}

/**
 * The fault injector of an emulator.
 *
 * @example
 * ```ts
 * emulator.faults.add({ route: 'token', status: 503 });
 * emulator.faults.clear();
 * ```
 */
export interface EmulatorFaults {
  /** Adds a fault; faults apply in the order added. */
  add(fault: EmulatorFault): void;
  /** Removes every fault. */
  clear(): void;
  /** Faults not yet used up. */
  readonly pending: readonly EmulatorFault[];
}

/**
 * One entry of the request log. Never holds a secret, an assertion or a token.
 *
 * @example
 * ```ts
 * emulator.requests.filter((r) => r.route === 'token' && r.status === 200).length;
 * ```
 */
export interface EmulatorRequestRecord {
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /** The HTTP method. */
  method: string;
  /** The path without the query string. */
  path: string;
  /** The name of the route that served it. */
  route: string;
  /** The token request's `grant_type`. */
  grantType?: string;
  /** The client id. */
  clientId?: string;
  /** The tenant. */
  tenantId?: string;
  /** The user a sign-in, device-code or user token request was about. */
  username?: string;
  /** The status sent; 0 when a fault dropped the connection. */
  status: number;
}

/**
 * The configuration file of the CLI, also accepted by `startEmulator({ config })`.
 *
 * @example
 * ```ts
 * const config: EmulatorConfig = { tenants: ['72f988bf-86f1-41af-91ab-2d7cd011db47'], apps: [{ clientSecret: 'dev' }] };
 * ```
 */
export interface EmulatorConfig {
  /** Tenants to create; the first becomes the default tenant. */
  tenants?: string[];
  /** Apps to register (see {@link AppRegistration}). */
  apps?: AppRegistration[];
  /** Users who sign in, with their passwords. */
  users?: UserRegistration[];
  /** Identities assigned to the emulated resource (`managedIdentity.assign`), served by every hosting source. */
  managedIdentities?: ManagedIdentityAssignment[];
  /** Azure Pipelines jobs for the OIDC endpoint (`registerPipeline`). */
  pipelines?: PipelineRegistration[];
  /** Consents users already gave apps (`grantConsent`), so sign-in shows no consent page for them. */
  consents?: ConsentGrant[];
  /** Origins browsers may call the token, device-code and metadata endpoints from (see `corsOrigins`). */
  corsOrigins?: string[];
  /** The option of the same name; the option wins when both are given. */
  hostNames?: string[];
  /** The option of the same name; the option wins when both are given. */
  rejectAssertionReplay?: boolean;
  /** The option of the same name; the option wins when both are given. */
  deviceCodeLifetimeSeconds?: number;
  /** The option of the same name; the option wins when both are given. */
  deviceCodeIntervalSeconds?: number;
}

/**
 * Options of `startEmulator`.
 *
 * @example
 * ```ts
 * await startEmulator({ port: 0, https: true, config: { apps: [{ clientSecret: 's' }] } });
 * ```
 */
export interface EmulatorOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Serve HTTPS with a self-signed certificate for `localhost` and `127.0.0.1`. */
  https?: boolean;
  /**
   * More DNS names the HTTPS certificate is valid for, for clients that reach the emulator under another name
   * (through a proxy that maps `login.test:443` to it, say).
   */
  hostNames?: string[];
  /** Tenants, apps, users, identities and more to set up at start (the CLI's `--config` file). */
  config?: EmulatorConfig;
  /** The default tenant id; default: the first tenant of `config`, else a new GUID. */
  tenantId?: string;
  /** Reject a client assertion whose `jti` was already used (default false: Entra accepts reuse until expiry). */
  rejectAssertionReplay?: boolean;
  /** Clock in epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /**
   * Origins (`http://localhost:3000`) allowed to call the token, device-code and metadata endpoints from a
   * browser; `'*'` allows any. Default: loopback origins on any port. Origins of registered SPA redirect URIs
   * are always allowed.
   */
  corsOrigins?: string[];
  /** How long a device code lives (default 900 s, Entra's 15 minutes). */
  deviceCodeLifetimeSeconds?: number;
  /** The polling interval a device-code answer asks for (default 5 s). */
  deviceCodeIntervalSeconds?: number;
}

/**
 * What `registerUser` accepts.
 *
 * @example
 * ```ts
 * emulator.registerUser({ username: 'ada@contoso.example', password: 'dev-password', name: 'Ada Lovelace' });
 * ```
 */
export interface UserRegistration {
  /** The user's home tenant. Default: the emulator's default tenant. An unknown tenant is created. */
  tenantId?: string;
  /** The sign-in name (UPN), matched case-insensitively. */
  username: string;
  /** The password (checked by the password grant and the sign-in page). */
  password: string;
  /** The user's object id (`oid`) in the home tenant; default: a new GUID. */
  oid?: string;
  /** The display name (`name` claim); default: the part of the username before `@`. */
  name?: string;
  /**
   * The user's policy demands MFA: the password grant fails with AADSTS50076 (`invalid_grant`, suberror
   * `basic_action`, as Entra answers it) and the sign-in page asks the user to approve a second factor.
   */
  mfaRequired?: boolean;
  /** Tenants the user is a guest (B2B) of: the user may sign in there and refresh tokens may switch to them. */
  guestTenants?: string[];
}

/**
 * What `registerUser` returns.
 *
 * @example
 * ```ts
 * const { tenantId, username, objectId } = emulator.registerUser({ username, password });
 * ```
 */
export interface RegisteredUser {
  /** The user's home tenant. */
  tenantId: string;
  /** The sign-in name. */
  username: string;
  /** The object id (`oid`). */
  objectId: string;
  /** The display name. */
  name: string;
}

/**
 * What `registerPipeline` accepts.
 *
 * @example
 * ```ts
 * emulator.registerPipeline({ systemAccessToken: 'dev-token', serviceConnectionId: 'a1b2c3d4-...' });
 * ```
 */
export interface PipelineRegistration {
  /** The job's `System.AccessToken` the endpoint will accept. */
  systemAccessToken: string;
  /** The service connection the job may ask a token for. */
  serviceConnectionId: string;
  /** The token's subject; default `sc://{organization}/{project}/{serviceConnectionId}`. */
  subject?: string;
  /** Default `emulated-org`. */
  organization?: string;
  /** Default `emulated-project`. */
  project?: string;
}

/**
 * What `emulator.grantConsent` accepts: a user's consent to an app's delegated scopes.
 *
 * @example
 * ```ts
 * emulator.grantConsent({ username: 'ada@contoso.example', clientId, scopes: ['User.Read', 'api://orders/Orders.Read'] });
 * ```
 */
export interface ConsentGrant {
  /** The user's home tenant; default: the emulator's default tenant. */
  tenantId?: string;
  /** The user who consented. */
  username: string;
  /** The app consented to. */
  clientId: string;
  /** Scopes as a client sends them; `/.default` consents to `user_impersonation`. */
  scopes: string | string[];
}

/**
 * What `managedIdentity.assign` accepts; every field is optional.
 *
 * @example
 * ```ts
 * emulator.managedIdentity.assign({ systemAssigned: true });
 * emulator.managedIdentity.assign({ clientId: '11111111-1111-1111-1111-111111111111', roles: ['Reader'] });
 * ```
 */
export interface ManagedIdentityAssignment {
  /** The system-assigned identity (at most one; assigning another replaces it). Default: user-assigned. */
  systemAssigned?: boolean;
  /** Default: a new GUID. */
  clientId?: string;
  /** The principal (object) id: `oid` and `sub` of its tokens. Default: a new GUID. */
  objectId?: string;
  /** Default: `/subscriptions/<guid>/resourcegroups/emulator/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`. */
  resourceId?: string;
  /** Default: the emulator's default tenant. */
  tenantId?: string;
  /** App roles its tokens carry. */
  roles?: string[];
  /** Default 3599 s; longer lifetimes exercise half-life refresh. */
  tokenLifetimeSeconds?: number;
  /** Add `refresh_in` to the answers. */
  refreshInSeconds?: number;
  /** Overrides the source's own `expires_on` format, to test parsers. */
  expiresOnFormat?: ExpiresOnFormat;
}

/**
 * The OAuth errors a fault can answer with, in Entra's shape: the device-code polling answers
 * (`authorization_pending`, `slow_down`, `authorization_declined`, `expired_token`, `bad_verification_code`),
 * `invalid_grant` (AADSTS70000) and `interaction_required` (AADSTS50076).
 *
 * @example
 * ```ts
 * const error: FaultError = 'slow_down';
 * ```
 */
export type FaultError =
  | 'authorization_pending'
  | 'slow_down'
  | 'authorization_declined'
  | 'expired_token'
  | 'bad_verification_code'
  | 'invalid_grant'
  | 'interaction_required';
