// Node only. Service Fabric's endpoint presents a certificate the cluster issued, which no public CA vouches
// for; it is trusted by its thumbprint instead. The TLS connection is made and checked first, and only then is
// the request (with its secret header) written to it.
import type { FetchLike } from '@identity/core';
import { AuthenticationError } from '@identity/core';
import { fetchOverSocket } from '@identity/core/node';

function normalize(thumbprint: string): string {
  return thumbprint.replace(/[\s:]/g, '').toUpperCase();
}

function mismatch(): AuthenticationError {
  return new AuthenticationError(
    0,
    {
      error: 'untrusted_server',
      error_description:
        "the Service Fabric endpoint's certificate does not match IDENTITY_SERVER_THUMBPRINT; nothing was sent.",
    },
    {
      credentialName: 'ManagedIdentityCredential',
      nextStep: 'Check that IDENTITY_ENDPOINT and IDENTITY_SERVER_THUMBPRINT come from the same cluster.',
      anchor: 'managed-identity-service-fabric',
    },
  );
}

/**
 * A fetch over TLS that accepts the server only when its certificate's SHA-1 or SHA-256 fingerprint equals
 * `thumbprint` (hex, any case, colons allowed). The request is written after the check, so a wrong server never
 * sees it. Honours `init.signal`.
 *
 * @example
 * ```ts
 * const fetchPinned = pinnedFetch(process.env.IDENTITY_SERVER_THUMBPRINT!);
 * await fetchPinned('https://localhost:2377/metadata/identity/oauth2/token?...', { method: 'GET', headers: { secret } });
 * ```
 */
export function pinnedFetch(thumbprint: string): FetchLike {
  const expected = normalize(thumbprint);
  return async (url, init) => {
    const target = new URL(url);
    if (target.protocol !== 'https:') throw new TypeError('pinnedFetch needs an https URL.');
    const signal = init.signal;
    signal?.throwIfAborted();
    // Imported on the first request, so hosts other than Service Fabric never load them.
    const [{ connect }, { isIP }] = await Promise.all([import('node:tls'), import('node:net')]);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const socket = connect({
      host,
      port: Number(target.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      // The chain is not CA-signed; the fingerprint check below is the trust decision.
      rejectUnauthorized: false,
    });
    const onAbort = () => socket.destroy(signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject).once('secureConnect', () => {
          const certificate = socket.getPeerCertificate();
          const presented = [certificate?.fingerprint, certificate?.fingerprint256]
            .filter(Boolean)
            .map(String);
          if (presented.some((fingerprint) => normalize(fingerprint) === expected)) resolve();
          else reject(mismatch());
        });
      });
    } catch (error) {
      socket.destroy();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return fetchOverSocket(target, init, socket);
  };
}
