// The on-behalf-of grant (`urn:ietf:params:oauth:grant-type:jwt-bearer` with `requested_token_use=
// on_behalf_of`): a middle-tier API authenticates itself and presents the user's access token (addressed to
// it) to get a delegated token for a downstream resource. Also mints the user tokens such tests start from.
import { newGuid } from './emulator-encoding.js';
import { EntraError, entraErrors } from './emulator-errors.js';
import { delegatedScopes } from './emulator-password.js';
import { tokenResponse } from './emulator-token-endpoint.js';
import type {
  EmulatorGrantHandler,
  EmulatorState,
  MintAccessTokenInput,
  MintedAccessToken,
} from './emulator-types.js';

/**
 * The grant type of on-behalf-of requests.
 *
 * @example
 * ```ts
 * form.set('grant_type', ON_BEHALF_OF_GRANT_TYPE);
 * ```
 */
export const ON_BEHALF_OF_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

// The client the emulated user signed in with (a SPA or a native app) when a test names none.
const USER_CLIENT_ID = '7e0c4f7a-0b1c-4d5e-9f10-e3a1a7edc11e';

/**
 * What `emulator.mintUserToken` accepts: a user's access token for an API, as the API receives it.
 *
 * @example
 * ```ts
 * const input: MintUserTokenInput = { audience: `api://${api.clientId}`, scopes: ['access_as_user'] };
 * ```
 */
export interface MintUserTokenInput {
  /** Default: the emulator's default tenant. */
  tenantId?: string;
  /** The API the token is for (`aud`): its client id or `api://<clientId>`. */
  audience: string;
  /** Delegated permissions (`scp`); default `['access_as_user']`. */
  scopes?: string[];
  /** Who signed in; defaults are generated. */
  user?: {
    /** The user's object id (`oid`). */
    oid?: string;
    /** The sign-in name (`upn`). */
    upn?: string;
    /** The display name (`name`). */
    name?: string;
  };
  /** Default 3600. Negative values mint an already expired token. */
  expiresInSeconds?: number;
  /** The client app the user signed in with (`azp`); default a fixed emulated SPA id. */
  clientId?: string;
}

const oboErrors = {
  badAssertion: (reason: string) =>
    new EntraError(
      400,
      'invalid_grant',
      50013,
      `Assertion failed signature validation. [Reason - ${reason}]`,
    ),
  expiredAssertion: (reason: string) =>
    new EntraError(
      400,
      'invalid_grant',
      500133,
      `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. ${reason}`,
    ),
  notUserAssertion: () =>
    new EntraError(
      400,
      'invalid_grant',
      50013,
      'Assertion is not a user token. The on-behalf-of flow exchanges a token that was issued to a signed-in user.',
    ),
  wrongAudience: (audience: string, clientId: string) =>
    new EntraError(
      400,
      'invalid_grant',
      500131,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${audience}' and the expected audience is '${clientId}' or one of the Application Uris of this application with App ID '${clientId}'.`,
    ),
};

/**
 * The on-behalf-of grant and the user-token minter, over the emulator's token minter and verifier.
 *
 * @example
 * ```ts
 * const obo = createOnBehalfOf(state, (token) => verifyAccessToken(key, token, now()), mint);
 * grants.set(ON_BEHALF_OF_GRANT_TYPE, obo.grant);
 * const userToken = obo.mintUserToken({ audience: `api://${api.clientId}` });
 * ```
 */
export function createOnBehalfOf(
  state: EmulatorState,
  verifyAccessToken: (token: string) => Promise<Record<string, unknown>>,
  mintAccessToken: (input: MintAccessTokenInput) => MintedAccessToken,
): { grant: EmulatorGrantHandler; mintUserToken(input: MintUserTokenInput): string } {
  const mintUserToken = (input: MintUserTokenInput): string => {
    if (typeof input?.audience !== 'string' || input.audience === '') {
      throw new TypeError('mintUserToken needs the audience: the API the user token is for.');
    }
    const tenantId = state.registerTenant(input.tenantId ?? state.defaultTenantId);
    const objectId = input.user?.oid ?? newGuid();
    const upn = input.user?.upn ?? `user-${objectId.slice(0, 8)}@${tenantId}.example`;
    return mintAccessToken({
      tenantId,
      clientId: input.clientId ?? USER_CLIENT_ID,
      objectId,
      resource: input.audience,
      roles: [],
      idtyp: 'user',
      lifetimeSeconds: input.expiresInSeconds ?? 3600,
      extraClaims: {
        scp: (input.scopes ?? ['access_as_user']).join(' '),
        upn,
        unique_name: upn,
        preferred_username: upn,
        name: input.user?.name ?? upn.split('@')[0],
      },
    }).accessToken;
  };

  const grant: EmulatorGrantHandler = async (ctx, tenant) => {
    for (const name of ['requested_token_use', 'assertion', 'scope']) {
      if (!ctx.form.get(name)) throw entraErrors.missingParameter(name);
    }
    if (ctx.form.get('requested_token_use') !== 'on_behalf_of') {
      throw entraErrors.invalidRequest("The 'requested_token_use' parameter must be 'on_behalf_of'.");
    }
    const { app, method } = await ctx.authenticateClient(tenant);

    let user: Record<string, unknown>;
    try {
      user = await verifyAccessToken(ctx.form.get('assertion') as string);
    } catch (error) {
      const reason = (error as Error).message;
      throw /expired/i.test(reason) ? oboErrors.expiredAssertion(reason) : oboErrors.badAssertion(reason);
    }
    if (user.idtyp !== 'user' || typeof user.scp !== 'string') throw oboErrors.notUserAssertion();
    const audience = String(user.aud);
    const accepted = [app.clientId, `api://${app.clientId}`];
    if (!accepted.includes(audience.toLowerCase())) throw oboErrors.wrongAudience(audience, app.clientId);

    const { resource, permissions } = delegatedScopes(ctx.form.get('scope') as string);
    const carried = ['sub', 'upn', 'unique_name', 'preferred_username', 'name'].filter(
      (claim) => claim in user,
    );
    const minted = ctx.mintAccessToken({
      tenantId: tenant.tenantId,
      clientId: app.clientId,
      objectId: String(user.oid),
      resource,
      roles: [],
      idtyp: 'user',
      authMethod: method,
      extraClaims: {
        ...Object.fromEntries(carried.map((claim) => [claim, user[claim]])),
        scp: permissions.join(' '),
      },
    });
    return tokenResponse(app, minted, { scope: permissions.map((p) => `${resource}/${p}`).join(' ') });
  };

  return { grant, mintUserToken };
}
