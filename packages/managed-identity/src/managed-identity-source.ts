// The one small interface every hosting source implements: find its endpoint in the environment and build the
// token request. Every source answers with the same token JSON, read by one parser (managed-identity-response).
import type { Environment, FetchLike, TokenCredential } from '@identity/core';
import { CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import type { HttpRequest } from '@identity/core/internal';
import { readVariable } from '@identity/core/internal';
import type { ManagedIdentityId } from './managed-identity-id.js';
import { managedIdentityMessage } from './managed-identity-message.js';

/**
 * The hosting sources, in the order they are detected.
 *
 * @example
 * ```ts
 * const source: ManagedIdentitySourceName = 'AppService';
 * ```
 */
export type ManagedIdentitySourceName =
  | 'TokenExchange'
  | 'ServiceFabric'
  | 'AppService'
  | 'AzureML'
  | 'CloudShell'
  | 'AzureArc'
  | 'IMDS';

/**
 * The query parameter a source names each kind of user-assigned identity with. A kind that is missing is
 * one the source cannot serve (the system-assigned identity is always served).
 *
 * @example
 * ```ts
 * const ids: IdentityParameters = { clientId: 'client_id', objectId: 'object_id', resourceId: 'mi_res_id' };
 * ```
 */
export type IdentityParameters = Partial<Record<'clientId' | 'objectId' | 'resourceId', string>>;

/**
 * What only Node.js gives managed identity: files (Azure Arc's agent and key file), TLS pinned to a thumbprint
 * (Service Fabric) and the token file of token exchange (through `@identity/workload-identity`). The `node`
 * entry's credential carries it, loading each part when its source is first used; elsewhere those sources
 * fail with a `CredentialUnavailableError` that says they need Node.js.
 *
 * @example
 * ```ts
 * const parts = await support.azureArcEndpoint(url, undefined, process.env);
 * ```
 */
export interface ManagedIdentityNodeSupport {
  /** The transport when no `fetch` option is given: http endpoints over node:http, https ones by `fetch`. */
  fetch: FetchLike;
  /** Whether a file exists (Azure Arc's agent). */
  fileExists(path: string): boolean;
  azureArcEndpoint(url: URL, directory: string | undefined, env: Environment): Promise<HttpEndpointParts>;
  serviceFabricEndpoint(url: URL, secret: string, thumbprint: string): Promise<HttpEndpointParts>;
  /** A `WorkloadIdentityCredential` with these options. */
  workloadIdentity(options: object): Promise<TokenCredential>;
}

/**
 * What detection gets besides the environment.
 *
 * @example
 * ```ts
 * const context: DetectContext = { env: process.env, id: { kind: 'system' } };
 * ```
 */
export interface DetectContext {
  env: Environment;
  /** The requested identity (token exchange takes its client id). */
  id: ManagedIdentityId;
  /** The `arcTokenDirectory` option. */
  arcTokenDirectory?: string;
  /** Node.js support, where the runtime resolved the `node` entry. */
  node?: ManagedIdentityNodeSupport;
}

/**
 * The Node.js support `source` needs, or a `CredentialUnavailableError` saying that it runs on Node.js only.
 *
 * @example
 * ```ts
 * const parts = await needsNode(context.node, 'AzureArc').azureArcEndpoint(url, directory, env);
 * ```
 */
export function needsNode(
  node: ManagedIdentityNodeSupport | undefined,
  source: ManagedIdentitySourceName,
): ManagedIdentityNodeSupport {
  if (node) return node;
  throw new CredentialUnavailableError(
    managedIdentityMessage(
      `${source} needs Node.js (or Deno or Bun, which load the package's node entry): its files and TLS are out of reach here.`,
    ),
  );
}

/** What every detected source declares. */
interface EndpointBase {
  readonly source: ManagedIdentitySourceName;
  readonly ids: IdentityParameters;
}

/**
 * A source served by another credential (token exchange: workload identity).
 *
 * @example
 * ```ts
 * const credential = await endpoint.delegate(options);
 * ```
 */
export interface DelegateEndpoint extends EndpointBase {
  delegate(options: object): Promise<TokenCredential>;
}

/**
 * How a source is reached over HTTP: its requests, and what some sources add.
 *
 * @example
 * ```ts
 * const request = parts.buildRequest('https://vault.azure.net', { kind: 'system' });
 * ```
 */
export interface HttpEndpointParts {
  buildRequest(resource: string, id: ManagedIdentityId): HttpRequest;
  /** Azure Arc: the request that answers the 401 challenge. */
  answerChallenge?(challenge: string | null, request: HttpRequest): Promise<HttpRequest>;
  /** Azure Arc: why a token's JSON is not for the requested identity, or `undefined` when it is. */
  checkToken?(json: Record<string, unknown>, id: ManagedIdentityId): string | undefined;
  /** Service Fabric: a fetch that checks the server certificate's thumbprint. */
  readonly fetch?: FetchLike;
}

/**
 * A detected source reached over HTTP, ready to build requests.
 *
 * @example
 * ```ts
 * const request = endpoint.buildRequest('https://vault.azure.net', { kind: 'system' });
 * ```
 */
export interface HttpEndpoint extends EndpointBase, HttpEndpointParts {}

/**
 * A source that runs only on Node.js (Azure Arc, Service Fabric): detected here, from the environment, while
 * the code that talks to it is Node support ({@link ManagedIdentityNodeSupport}), loaded when the first token
 * is requested, so bundles for other runtimes do not carry it.
 *
 * @example
 * ```ts
 * const http = await endpoint.load();
 * ```
 */
export interface NodeOnlyEndpoint extends EndpointBase {
  load(): Promise<HttpEndpointParts>;
}

/**
 * A detected source: reached over HTTP, served by another credential, or through Node support.
 *
 * @example
 * ```ts
 * if ('delegate' in endpoint) await endpoint.delegate(options);
 * ```
 */
export type ManagedIdentityEndpoint = HttpEndpoint | DelegateEndpoint | NodeOnlyEndpoint;

/**
 * A hosting source: its endpoint, or `undefined` when the source's variables are not set. Throws for a malformed
 * URL. (The endpoint names its source.)
 *
 * @example
 * ```ts
 * const endpoint = appServiceSource({ env, id });
 * ```
 */
export type ManagedIdentitySource = (context: DetectContext) => ManagedIdentityEndpoint | undefined;

/**
 * The parameters IMDS and Azure Arc name user-assigned identities with.
 *
 * @example
 * ```ts
 * MSI_IDS.resourceId; // 'msi_res_id'
 * ```
 */
export const MSI_IDS: IdentityParameters = {
  clientId: 'client_id',
  objectId: 'object_id',
  resourceId: 'msi_res_id',
};

/**
 * Checks an endpoint URL: http or https (https only when `httpsOnly`), without user info. `name` says where it
 * came from; the error says what is wrong without repeating the value, which may hold a password.
 *
 * @example
 * ```ts
 * endpointUrl('http://127.0.0.1:40342/metadata/identity/oauth2/token', 'IDENTITY_ENDPOINT');
 * ```
 */
export function endpointUrl(value: string, name: string, httpsOnly = false): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  const problem = !(httpsOnly ? /^https:$/ : /^https?:$/).test(url?.protocol as string)
    ? `must be an ${httpsOnly ? 'https' : 'http(s)'} URL`
    : (url?.username || url?.password) && 'must not contain a user name or password';
  if (problem) throw new InvalidArgumentError(managedIdentityMessage(`${name} ${problem}.`));
  return url as URL;
}

/**
 * Reads the variables a source needs: all set, or `undefined`.
 *
 * @example
 * ```ts
 * const [endpoint, header] = readAll(env, 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER') ?? [];
 * ```
 */
export function readAll(env: Environment, ...names: string[]): string[] | undefined {
  const values = names.map((name) => readVariable(env, name));
  return values.every(Boolean) ? (values as string[]) : undefined;
}

/**
 * A GET of `url` with the api-version, the resource and the identity's parameter in the query. `secret` is the
 * value one of the headers proves the caller with (App Service's `X-IDENTITY-HEADER`, Azure ML's and Service
 * Fabric's `secret`): no error about the request shows it.
 *
 * @example
 * ```ts
 * tokenGet(url, '2019-08-01', resource, id, ids, { 'X-IDENTITY-HEADER': header }, header);
 * ```
 */
export function tokenGet(
  url: URL,
  apiVersion: string,
  resource: string,
  id: ManagedIdentityId,
  ids: IdentityParameters,
  headers: Record<string, string>,
  secret?: string,
  extra: Record<string, string> = {},
): HttpRequest {
  const target = new URL(url);
  const query = { 'api-version': apiVersion, resource, ...extra };
  if (id.kind !== 'system') query[ids[id.kind] as 'resource'] = id.value;
  for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
  return { url: target.href, method: 'GET', headers, secrets: [secret] };
}
