// The Azure DevOps side of the flow: ask the job's OIDC endpoint (SYSTEM_OIDCREQUESTURI) for an ID token of
// the service connection, authenticated with the job's System.AccessToken.
import type { Environment } from '@identity/core';
import {
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
  NetworkError,
} from '@identity/core';
import type { HttpClient, HttpResponse } from '@identity/core/internal';
import { describeBody, isLoopbackHost, readVariable, troubleshooting } from '@identity/core/internal';

/**
 * This credential's name, in every message.
 *
 * @example
 * ```ts
 * new AuthenticationError(0, answer, { credentialName: CREDENTIAL, anchor: ANCHOR });
 * ```
 */
export const CREDENTIAL = 'AzurePipelinesCredential';
/**
 * The troubleshooting anchor of this credential.
 *
 * @example
 * ```ts
 * troubleshooting(ANCHOR); // 'Troubleshooting: @identity/core/TROUBLESHOOTING.md#azure-pipelines-credential'
 * ```
 */
export const ANCHOR = 'azure-pipelines-credential';

/**
 * What an OIDC token request needs.
 *
 * @example
 * ```ts
 * const request: OidcTokenRequest = { http: new HttpClient(), env: process.env, serviceConnectionId, systemAccessToken };
 * ```
 */
export interface OidcTokenRequest {
  http: HttpClient;
  env: Environment;
  serviceConnectionId: string;
  systemAccessToken: string;
  /** Headers of the app's own (the `User-Agent` of `userAgentOptions`). */
  headers?: Record<string, string>;
}

// What to do next, by what Azure DevOps answered.
function nextStep(status: number): string {
  if (status === 401 || status === 403 || (status >= 200 && status < 400))
    return "Check that the task maps $(System.AccessToken) into its environment and passes it as systemAccessToken, and that the job's token has not expired.";
  if (status === 404)
    return 'Check the service connection id, and that this pipeline is allowed to use the connection.';
  return 'Azure DevOps may be unavailable; retry the job.';
}

function oidcRequestUrl(env: Environment, serviceConnectionId: string): URL {
  const configured = readVariable(env, 'SYSTEM_OIDCREQUESTURI');
  if (!configured) {
    throw new CredentialUnavailableError(
      `${CREDENTIAL}: SYSTEM_OIDCREQUESTURI is not set. Run this in an Azure Pipelines job (an AzureCLI@2 or AzurePowerShell@5 task with a service connection sets it). ${troubleshooting(ANCHOR)}`,
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(configured);
  } catch {}
  // The job's access token goes to this URL: https only (http on loopback for tests), no embedded credentials.
  if (
    !url ||
    url.username ||
    url.password ||
    url.hash ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
  ) {
    throw new InvalidArgumentError(
      `${CREDENTIAL}: SYSTEM_OIDCREQUESTURI must be an https URL without credentials or fragment. ${troubleshooting(ANCHOR)}`,
    );
  }
  url.searchParams.set('api-version', '7.1');
  url.searchParams.set('serviceConnectionId', serviceConnectionId);
  return url;
}

function failure(
  response: HttpResponse,
  what: string,
  secret: string,
  code?: 'INVALID_RESPONSE',
): AuthenticationError {
  // Azure DevOps's error body has a `message`; its correlation headers tie the failure to its logs.
  let message: unknown;
  try {
    message = (JSON.parse(response.body) as { message?: unknown }).message;
  } catch {}
  const e2eId = response.headers.get('x-vss-e2eid') ?? 'none';
  const edgeRef = response.headers.get('x-msedge-ref') ?? 'none';
  return new AuthenticationError(
    response.status,
    {
      error: code ? 'invalid_response' : 'oidc_token_request_failed',
      error_description: `${what}${typeof message === 'string' && message ? `: ${message}` : ''} (x-vss-e2eid: ${e2eId}, x-msedge-ref: ${edgeRef})`,
      correlation_id: e2eId,
      trace_id: edgeRef,
    },
    // A service that echoes the request must not echo the job's access token into the error.
    {
      credentialName: CREDENTIAL,
      anchor: ANCHOR,
      nextStep: nextStep(response.status),
      code,
      secrets: [secret],
    },
  );
}

/**
 * Requests the service connection's OIDC token from Azure DevOps. Throws `CredentialUnavailableError` outside
 * a pipeline (no `SYSTEM_OIDCREQUESTURI`) and `AuthenticationError` when Azure DevOps refuses or fails, with its
 * status and correlation headers (never the access token).
 *
 * @example
 * ```ts
 * const oidcToken = await requestOidcToken({ http, env: process.env, serviceConnectionId, systemAccessToken });
 * ```
 */
export async function requestOidcToken(request: OidcTokenRequest): Promise<string> {
  const url = oidcRequestUrl(request.env, request.serviceConnectionId);
  let response: HttpResponse;
  try {
    response = await request.http.send({
      url: url.href,
      method: 'POST',
      headers: {
        ...request.headers,
        'content-type': 'application/json',
        authorization: `Bearer ${request.systemAccessToken}`,
        // Without it, Azure DevOps answers an unauthenticated call with a sign-in page instead of a 401.
        'x-tfs-fedauthredirect': 'Suppress',
      },
      secrets: [request.systemAccessToken],
    });
  } catch (error) {
    if (!NetworkError.isInstance(error)) throw error;
    throw new AuthenticationError(
      0,
      { error: error.code.toLowerCase(), error_description: error.message },
      { credentialName: CREDENTIAL, code: `AUTHENTICATION_${error.code}`, cause: error, anchor: ANCHOR },
    );
  }
  if (response.status !== 200)
    throw failure(
      response,
      `Azure DevOps refused the OIDC token request (HTTP ${response.status})`,
      request.systemAccessToken,
    );
  let oidcToken: unknown;
  try {
    oidcToken = (JSON.parse(response.body) as { oidcToken?: unknown }).oidcToken;
  } catch {}
  if (typeof oidcToken !== 'string' || !oidcToken) {
    throw failure(
      response,
      `Azure DevOps answered without an oidcToken: ${describeBody(response.body, [request.systemAccessToken])}`,
      request.systemAccessToken,
      'INVALID_RESPONSE',
    );
  }
  return oidcToken;
}
