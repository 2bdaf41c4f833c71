// OpenID Connect discovery, the signing keys and instance discovery, all pointing back at the emulator.
import { entraErrors } from './emulator-errors.js';
import type { EmulatorJwks } from './emulator-keys.js';
import type { EmulatorRequestContext, EmulatorRouteHandler } from './emulator-types.js';

// Tenant aliases Entra serves metadata for; the issuer is then a template with `{tenantid}`.
const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

function metadataTenant(ctx: EmulatorRequestContext): { segment: string; issuerTenant: string } {
  const segment = (ctx.params.tenant ?? '').toLowerCase();
  if (TENANT_ALIASES.has(segment)) return { segment, issuerTenant: '{tenantid}' };
  const tenant = ctx.resolveTenant(segment);
  return { segment: tenant.tenantId, issuerTenant: tenant.tenantId };
}

// What Entra's v1 and v2 discovery documents share (besides the endpoints, which are the emulator's v2.0 ones).
const SHARED_METADATA = {
  token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
  response_modes_supported: ['query', 'fragment', 'form_post'],
  subject_types_supported: ['pairwise'],
  id_token_signing_alg_values_supported: ['RS256'],
  http_logout_supported: true,
  frontchannel_logout_supported: true,
  tenant_region_scope: 'WW',
  cloud_instance_name: 'microsoftonline.com',
  cloud_graph_host_name: 'graph.windows.net',
  msgraph_host: 'graph.microsoft.com',
  rbac_url: 'https://pas.windows.net',
};

const CLAIMS_SUPPORTED = [
  'sub',
  'iss',
  'cloud_instance_name',
  'cloud_instance_host_name',
  'cloud_graph_host_name',
  'msgraph_host',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'acr',
];

function endpoints(authority: string) {
  return {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
  };
}

// A discovery document route: the shared fields and endpoints, then the version's own.
function discoveryRoute(
  own: (authority: string, issuerTenant: string, emulatorUrl: string) => Record<string, unknown>,
): EmulatorRouteHandler {
  return (ctx) => {
    const { segment, issuerTenant } = metadataTenant(ctx);
    const authority = `${ctx.emulatorUrl}/${segment}`;
    return {
      json: { ...SHARED_METADATA, ...endpoints(authority), ...own(authority, issuerTenant, ctx.emulatorUrl) },
    };
  };
}

/**
 * GET `/{tenant}/v2.0/.well-known/openid-configuration`: the discovery document MSAL and OIDC clients read,
 * with every endpoint on the emulator.
 *
 * @example
 * ```ts
 * emulator.addRoute('GET', '/:tenant/v2.0/.well-known/openid-configuration', 'openid-configuration', openIdConfigurationRoute);
 * ```
 */
export const openIdConfigurationRoute: EmulatorRouteHandler = discoveryRoute(
  (authority, issuerTenant, url) => ({
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${url}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${authority}/openid/userinfo`,
    claims_supported: [
      ...CLAIMS_SUPPORTED,
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${authority}/kerberos`,
  }),
);

/**
 * GET `/{tenant}/.well-known/openid-configuration`: the v1 discovery document, which resource servers read to
 * validate v1 tokens (those of first-party resources such as Storage): its issuer is
 * `https://sts.windows.net/{tenant}/`, as in Entra, and its `jwks_uri` serves the same keys as v2.0. Its
 * endpoints are the emulator's v2.0 ones (the v1 protocol, `resource=` instead of `scope=`, is not emulated).
 *
 * @example
 * ```ts
 * emulator.addRoute('GET', '/:tenant/.well-known/openid-configuration', 'openid-configuration-v1', openIdConfigurationV1Route);
 * ```
 */
export const openIdConfigurationV1Route: EmulatorRouteHandler = discoveryRoute((authority, issuerTenant) => ({
  jwks_uri: `${authority}/discovery/keys`,
  response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
  scopes_supported: ['openid'],
  issuer: `https://sts.windows.net/${issuerTenant}/`,
  microsoft_multi_refresh_token: true,
  claims_supported: [...CLAIMS_SUPPORTED, 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
}));

/**
 * GET `/{tenant}/discovery/v2.0/keys` (and the v1 `/{tenant}/discovery/keys`): the public keys that verify the
 * emulator's tokens, v1 and v2 alike.
 *
 * @example
 * ```ts
 * emulator.addRoute('GET', '/:tenant/discovery/v2.0/keys', 'keys', createKeysRoute(emulator.jwks));
 * ```
 */
export function createKeysRoute(jwks: EmulatorJwks): EmulatorRouteHandler {
  return (ctx) => {
    metadataTenant(ctx);
    return { json: jwks };
  };
}

/**
 * GET `/common/discovery/instance?api-version=1.1&authorization_endpoint=...`: instance discovery, answering
 * that the emulator's host is a known cloud whose only alias is itself.
 *
 * @example
 * ```ts
 * emulator.addRoute('GET', '/common/discovery/instance', 'instance-discovery', instanceDiscoveryRoute);
 * ```
 */
export const instanceDiscoveryRoute: EmulatorRouteHandler = (ctx) => {
  const authorizationEndpoint = ctx.query.get('authorization_endpoint');
  if (!authorizationEndpoint) throw entraErrors.missingParameter('authorization_endpoint');
  const emulatorHost = new URL(ctx.emulatorUrl).host;
  const aliases = [...new Set([emulatorHost, ctx.url.host])];
  if (!URL.canParse(authorizationEndpoint) || !aliases.includes(new URL(authorizationEndpoint).host)) {
    throw entraErrors.invalidInstance();
  }
  const authority = authorizationEndpoint
    .replace(/\/oauth2\/(v2\.0\/)?authorize\/?$/, '')
    .replace(/\/+$/, '');
  return {
    json: {
      tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: emulatorHost, preferred_cache: emulatorHost, aliases }],
    },
  };
};
