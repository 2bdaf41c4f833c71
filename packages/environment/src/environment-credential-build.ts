// The sub-credential the AZURE_* variables configure, built. A module of its own, imported by EnvironmentCredential
// on its first request: the three packages load only where one of them is configured (bundlers that split code
// emit them as a lazy chunk).
import { ClientCertificateCredential } from '@identity/client-certificate';
import { ClientSecretCredential } from '@identity/client-secret';
import type { TokenCredential } from '@identity/core';
import { UsernamePasswordCredential } from '@identity/username-password';
import type { EnvironmentCredentialOptions } from './environment-credential-options.js';
import type { EnvironmentSelection } from './environment-credential-selection.js';

/**
 * The credential a complete configuration describes, with the shared options.
 *
 * @example
 * ```ts
 * const selection = selectEnvironmentCredential(process.env);
 * if (selection.kind) await (await build(selection, {})).getToken('https://vault.azure.net/.default');
 * ```
 */
export function build(
  selection: Exclude<EnvironmentSelection, { kind: undefined }>,
  options: EnvironmentCredentialOptions,
): TokenCredential {
  switch (selection.kind) {
    case 'ClientSecretCredential':
      return new ClientSecretCredential(
        selection.tenantId,
        selection.clientId,
        selection.clientSecret,
        options,
      );
    case 'ClientCertificateCredential':
      return new ClientCertificateCredential(
        selection.tenantId,
        selection.clientId,
        { certificatePath: selection.certificatePath, certificatePassword: selection.certificatePassword },
        { ...options, sendCertificateChain: selection.sendCertificateChain },
      );
    case 'UsernamePasswordCredential':
      return new UsernamePasswordCredential(
        selection.tenantId,
        selection.clientId,
        selection.username,
        selection.password,
        options,
      );
  }
}
