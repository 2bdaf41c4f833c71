import type { TokenCredentialOptions } from '@identity/core';

/**
 * Probe mode, for a credential inside a chain: before its first token request, the IMDS endpoint is sent
 * one request without the `Metadata` header, with a short timeout and no retries. No route, a refused
 * connection or no answer in time makes `getToken` fail at once with a `CredentialUnavailableError`, so the
 * chain moves on; any answer proves the endpoint is there, and the real request follows with the normal
 * timeouts and retries. Other sources are found through their environment variables and need no probe.
 *
 * @example
 * ```ts
 * new ManagedIdentityCredential({ probe: { timeoutInMs: 2000 } });
 * ```
 */
export interface ManagedIdentityProbeOptions {
  /** How long the probe waits for any answer. Default 1000 ms; positive and below 2^31 ms (Node's timer limit). */
  timeoutInMs?: number;
}

/**
 * Options every form of {@link ManagedIdentityCredential} takes: the shared credential options (`env`,
 * `fetch`, `clock`, `retryOptions`, `requestTimeoutInMs`, `tokenCache`, `authorityHost` for token exchange...)
 * plus probe mode and the Azure Arc token folder. Managed-identity endpoints are on the host or its link-local
 * network and are never reached through a proxy: proxy variables and `proxyOptions` apply only to token
 * exchange, whose requests go to Entra.
 *
 * @example
 * ```ts
 * const options: ManagedIdentityCredentialOptions = { probe: true, retryOptions: { maxRetries: 3 } };
 * ```
 */
export interface ManagedIdentityCredentialOptions extends TokenCredentialOptions {
  /** Probe mode (see {@link ManagedIdentityProbeOptions}); `true` uses the default 1 s timeout. Default off. */
  probe?: boolean | ManagedIdentityProbeOptions;
  /**
   * The folder Azure Arc's challenge key files must be in. Default: the agent's own folder,
   * `/var/opt/azcmagent/tokens` on Linux and `%ProgramData%\AzureConnectedMachineAgent\Tokens` on Windows.
   * Meant for tests and for containers that mount the agent's folder elsewhere.
   */
  arcTokenDirectory?: string;
}

/**
 * A user-assigned identity named by its client (application) id. Without `clientId`: the system-assigned one.
 *
 * @example
 * ```ts
 * new ManagedIdentityCredential({ clientId: process.env.AZURE_CLIENT_ID });
 * ```
 */
export interface ManagedIdentityCredentialClientIdOptions extends ManagedIdentityCredentialOptions {
  /** The client (application) id of a user-assigned identity. Default: the system-assigned identity. */
  clientId?: string;
}

/**
 * A user-assigned identity named by its Azure resource id.
 *
 * @example
 * ```ts
 * new ManagedIdentityCredential({ resourceId: '/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/worker' });
 * ```
 */
export interface ManagedIdentityCredentialResourceIdOptions extends ManagedIdentityCredentialOptions {
  /**
   * The Azure resource id of a user-assigned identity
   * (`/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`).
   */
  resourceId: string;
}

/**
 * A user-assigned identity named by its object (principal) id.
 *
 * @example
 * ```ts
 * new ManagedIdentityCredential({ objectId: '22222222-2222-2222-2222-222222222222' });
 * ```
 */
export interface ManagedIdentityCredentialObjectIdOptions extends ManagedIdentityCredentialOptions {
  /** The object (principal) id of a user-assigned identity. */
  objectId: string;
}
