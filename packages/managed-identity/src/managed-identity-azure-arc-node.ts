// Node only (Node support of the `node` entry): Azure Arc's requests (2020-06-01), the answer to its 401 challenge, and the
// check that a user-assigned identity's token is for that identity.
import type { Environment } from '@identity/core';
import { arcChallengeKey } from './managed-identity-arc-key-file.js';
import { describeIdentity } from './managed-identity-id.js';
import type { HttpEndpointParts } from './managed-identity-source.js';
import { MSI_IDS, tokenGet } from './managed-identity-source.js';

/**
 * The Azure Arc endpoint at `url`: GET with `Metadata: true`; the 401's `WWW-Authenticate: Basic realm=<key
 * file>` is answered with `Authorization: Basic <file contents>`, read only from the agent's token folder
 * (`directory`, default the platform's); a user-assigned identity must be echoed back in the token's JSON.
 *
 * @example
 * ```ts
 * const endpoint = azureArcEndpoint(new URL('http://127.0.0.1:40342/metadata/identity/oauth2/token'), undefined, process.env);
 * ```
 */
export function azureArcEndpoint(
  url: URL,
  directory: string | undefined,
  env: Environment,
): HttpEndpointParts {
  const target = new URL(url);
  // The agent listens on IPv4 loopback; "localhost" may resolve to ::1 first.
  if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
  return {
    buildRequest: (resource, id) =>
      tokenGet(target, '2020-06-01', resource, id, MSI_IDS, { Metadata: 'true' }),
    answerChallenge: async (challenge, request) => {
      const key = await arcChallengeKey(challenge, directory, env);
      return { ...request, headers: { ...request.headers, Authorization: `Basic ${key}` }, secrets: [key] };
    },
    checkToken: (json, id) => {
      if (id.kind === 'system') return undefined;
      const echoed = [json.client_id, json.object_id, json.msi_res_id, json.mi_res_id];
      return echoed.some((value) => String(value).toLowerCase() === id.value.toLowerCase())
        ? undefined
        : `a token for another identity than ${describeIdentity(id)}`;
    },
  };
}
