// Which credential the AZURE_* variables describe, in the documented order (a secret, then a certificate,
// then a username and password), or, when none is complete, which variables are missing. Only names are ever
// put in a message, never values.
import type { Environment } from '@identity/core';
import { readFlag, readVariable } from '@identity/core/internal';

/**
 * The credential an {@link EnvironmentCredential} builds.
 *
 * @example
 * ```ts
 * const kind: EnvironmentCredentialKind = 'ClientSecretCredential';
 * ```
 */
export type EnvironmentCredentialKind =
  | 'ClientSecretCredential'
  | 'ClientCertificateCredential'
  | 'UsernamePasswordCredential';

/**
 * What the variables describe: a complete configuration, or the reason there is none.
 *
 * @example
 * ```ts
 * const selection = selectEnvironmentCredential(process.env);
 * if (selection.kind === undefined) console.log(selection.reason);
 * ```
 */
export type EnvironmentSelection =
  | {
      /** A service principal with a secret. */
      kind: 'ClientSecretCredential';
      /** `AZURE_TENANT_ID`. */
      tenantId: string;
      /** `AZURE_CLIENT_ID`. */
      clientId: string;
      /** `AZURE_CLIENT_SECRET`. */
      clientSecret: string;
    }
  | {
      /** A service principal with a certificate. */
      kind: 'ClientCertificateCredential';
      /** `AZURE_TENANT_ID`. */
      tenantId: string;
      /** `AZURE_CLIENT_ID`. */
      clientId: string;
      /** `AZURE_CLIENT_CERTIFICATE_PATH`. */
      certificatePath: string;
      /** `AZURE_CLIENT_CERTIFICATE_PASSWORD`, if set. */
      certificatePassword: string | undefined;
      /** `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN` is `true` or `1`. */
      sendCertificateChain: boolean;
    }
  | {
      /** A user with a password (no MFA). */
      kind: 'UsernamePasswordCredential';
      /** `AZURE_TENANT_ID`. */
      tenantId: string;
      /** `AZURE_CLIENT_ID`. */
      clientId: string;
      /** `AZURE_USERNAME`. */
      username: string;
      /** `AZURE_PASSWORD`. */
      password: string;
    }
  | {
      /** No complete configuration. */
      kind: undefined;
      /** What is missing, and what to set. */
      reason: string;
    };

const IDS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'];
// Each way to prove the identity, in the order they are tried.
const PROOFS = [
  ['AZURE_CLIENT_SECRET'],
  ['AZURE_CLIENT_CERTIFICATE_PATH'],
  ['AZURE_USERNAME', 'AZURE_PASSWORD'],
];
const RELATED = [...IDS, ...PROOFS.flat(), 'AZURE_CLIENT_CERTIFICATE_PASSWORD'];

const list = (names: string[], last = 'and') =>
  names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${last} ${names.at(-1)}`;

function missingReason(env: Environment): string {
  const has = (name: string) => readVariable(env, name) !== undefined;
  const set = RELATED.filter(has);
  if (set.length === 0) {
    return 'no AZURE_* credential variables are set. Set AZURE_TENANT_ID, AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_USERNAME with AZURE_PASSWORD.';
  }
  const needed: string[] = [];
  const missingIds = IDS.filter((name) => !has(name));
  if (missingIds.length) needed.push(list(missingIds));
  if (!PROOFS.some((proof) => proof.every(has))) {
    const started = PROOFS.find((proof) => proof.some(has));
    const rest = started ? started.filter((name) => !has(name)) : [];
    needed.push(
      started
        ? `${list(rest)} (or AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH instead)`
        : 'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_USERNAME and AZURE_PASSWORD',
    );
  }
  // AZURE_CLIENT_ID alone is also how a user-assigned managed identity is chosen: say so, it is not a mistake then.
  const onlyClientId = set.length === 1 && set[0] === 'AZURE_CLIENT_ID';
  return `the configuration is incomplete: ${list(set)} ${set.length > 1 ? 'are' : 'is'} set; also set ${needed.join(', and ')}.${onlyClientId ? ' (AZURE_CLIENT_ID alone is fine for a user-assigned managed identity: then this credential is simply skipped.)' : ''}`;
}

/**
 * Reads the `AZURE_*` variables and picks the first complete configuration: client secret, then certificate,
 * then username and password; blank values count as unset.
 *
 * @example
 * ```ts
 * selectEnvironmentCredential({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' }).kind;
 * // 'ClientSecretCredential'
 * ```
 */
export function selectEnvironmentCredential(env: Environment): EnvironmentSelection {
  const read = (name: string) => readVariable(env, name);
  // A password is used as set, spaces around it included (they may be part of it); blank still counts as unset.
  const password = (name: string) => read(name) && env[name];
  const tenantId = read('AZURE_TENANT_ID');
  const clientId = read('AZURE_CLIENT_ID');
  if (tenantId && clientId) {
    const clientSecret = read('AZURE_CLIENT_SECRET');
    if (clientSecret) return { kind: 'ClientSecretCredential', tenantId, clientId, clientSecret };
    const certificatePath = read('AZURE_CLIENT_CERTIFICATE_PATH');
    if (certificatePath) {
      return {
        kind: 'ClientCertificateCredential',
        tenantId,
        clientId,
        certificatePath,
        certificatePassword: password('AZURE_CLIENT_CERTIFICATE_PASSWORD'),
        sendCertificateChain: readFlag(env, 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN'),
      };
    }
    const username = read('AZURE_USERNAME');
    const userPassword = password('AZURE_PASSWORD');
    if (username && userPassword)
      return { kind: 'UsernamePasswordCredential', tenantId, clientId, username, password: userPassword };
  }
  return { kind: undefined, reason: missingReason(env) };
}
