// The resource owner password grant (ROPC, `grant_type=password`): registered users sign in with their
// name and password and get a delegated token. Entra answers a wrong password with AADSTS50126 and a user
// whose policy demands MFA with AADSTS50076, which is why the flow is deprecated.
import { parseUserScopes } from './emulator-delegated-scopes.js';
import { entraErrors } from './emulator-errors.js';
import { tokenResponse } from './emulator-token-endpoint.js';
import type { EmulatorGrantHandler, EmulatorState, EmulatorTenant } from './emulator-types.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';
import { userAccessTokenClaims } from './emulator-user-tokens.js';
import type { UserDirectory } from './emulator-users.js';

/**
 * The resource and permissions of a delegated scope list: `https://graph.microsoft.com/User.Read`, a bare
 * Graph permission (`User.Read`) or a resource's `/.default` (which grants `user_impersonation`). Exactly one
 * resource; none or several are AADSTS70011.
 *
 * @example
 * ```ts
 * delegatedScopes('User.Read Mail.Read offline_access'); // { resource: 'https://graph.microsoft.com', permissions: ['User.Read', 'Mail.Read'] }
 * ```
 */
export function delegatedScopes(scope: string): {
  /** The resource the scopes are of. */
  resource: string;
  /** Its delegated permissions (`scp`); `.default` becomes `user_impersonation`. */
  permissions: string[];
} {
  const { resources } = parseUserScopes(scope);
  const [entry] = resources;
  if (resources.size !== 1 || !entry) throw entraErrors.invalidScope(scope);
  const [resource, permissions] = entry;
  // `.default` stands for what the user consented to; the emulator grants the usual delegated permission.
  return { resource, permissions: permissions.map((p) => (p === '.default' ? 'user_impersonation' : p)) };
}

/**
 * The password grant over the user directory.
 *
 * @example
 * ```ts
 * grants.set('password', createPasswordGrant(state, users));
 * ```
 */
export function createPasswordGrant(state: EmulatorState, users: UserDirectory): EmulatorGrantHandler {
  return async (ctx, tenant: EmulatorTenant) => {
    for (const name of ['client_id', 'username', 'password', 'scope']) {
      if (!ctx.form.get(name)) throw entraErrors.missingParameter(name);
    }
    // A confidential client proves itself as usual; a public client is only looked up.
    const clientId = ctx.form.get('client_id') as string;
    const client =
      ctx.form.has('client_secret') || ctx.form.has('client_assertion')
        ? await ctx.authenticateClient(tenant)
        : undefined;
    const app = client?.app ?? state.findApp(tenant.tenantId, clientId);
    if (!app) throw entraErrors.appNotFound(clientId, tenant.tenantId);
    // Without "Allow public client flows" an app is confidential: Entra wants its credential (AADSTS7000218).
    if (!client && !app.publicClient) throw entraErrors.missingClientCredentials();
    ctx.note({ clientId: app.clientId });

    const { resource, permissions } = delegatedScopes(ctx.form.get('scope') as string);
    // Members only, as before guests existed: ROPC does not reach a guest's home directory.
    const account = users.inTenant(tenant.tenantId, ctx.form.get('username') as string);
    if (!account || account.guest) throw userFlowErrors.userNotFound(tenant.tenantId);
    const user = account.user;
    if (!users.checkPassword(user, ctx.form.get('password') as string))
      throw userFlowErrors.invalidCredentials();
    if (user.mfaRequired) throw userFlowErrors.mfaRequired(resource);

    const minted = ctx.mintAccessToken({
      tenantId: tenant.tenantId,
      clientId: app.clientId,
      objectId: user.objectId,
      resource,
      roles: [],
      idtyp: 'user',
      authMethod: client?.method ?? 'none',
      extraClaims: userAccessTokenClaims(account, permissions, ['pwd']),
    });
    return tokenResponse(app, minted, { scope: permissions.map((p) => `${resource}/${p}`).join(' ') });
  };
}
