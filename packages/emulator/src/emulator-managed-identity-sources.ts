// The managed-identity endpoints of every hosting source, one row each, as the credential side lists them
// (@identity/managed-identity's managed-identity-sources): the path, the api-version, the secret or header
// the real service checks, the parameters that name a user-assigned identity, the shape of the answers and
// errors, and the variables that point a credential at it. One handler (emulator-managed-identity) serves
// every row.
import { createHash, X509Certificate } from 'node:crypto';

/**
 * The hosting sources the emulator serves.
 *
 * @example
 * ```ts
 * const source: ManagedIdentitySource = 'AppService';
 * ```
 */
export type ManagedIdentitySource =
  | 'IMDS'
  | 'AppService'
  | 'ServiceFabric'
  | 'AzureML'
  | 'CloudShell'
  | 'AzureArc';

/**
 * How `expires_on` is written; by default each source writes it as the real one does (IMDS, App Service,
 * Cloud Shell and Arc: epoch seconds as a string; Service Fabric: a number; Azure ML: the US date).
 *
 * @example
 * ```ts
 * const format: ExpiresOnFormat = 'us-date-12h'; // "1/16/2020 5:24:12 AM +00:00"
 * ```
 */
export type ExpiresOnFormat = 'epoch-number' | 'epoch-string' | 'iso' | 'us-date' | 'us-date-12h' | 'omitted';

/**
 * The query parameter a source names each kind of user-assigned identity with; a kind that is missing is one
 * the source cannot serve (it then serves its system-assigned identity, whatever the query says).
 *
 * @example
 * ```ts
 * const ids: IdentityParameters = { clientId: 'client_id', objectId: 'object_id', resourceId: 'mi_res_id' };
 * ```
 */
export type IdentityParameters = Partial<Record<'clientId' | 'objectId' | 'resourceId', string>>;

/**
 * A request refused before any identity is looked at: the status, an error code and the message, in the
 * source's error shape, with extra headers (Azure Arc's challenge).
 *
 * @example
 * ```ts
 * const refusal: SourceRefusal = { status: 401, code: 'unauthorized', message: 'The secret header is missing or not valid.' };
 * ```
 */
export interface SourceRefusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/**
 * What a source's checks see: the request's headers, and the secrets this emulator gave out.
 *
 * @example
 * ```ts
 * const refused = EMULATED_SOURCES.AppService.checkSecret({ header: () => 'wrong', secrets });
 * ```
 */
export interface SourceCheck {
  /** A request header, lower-case name. */
  header(name: string): string | undefined;
  secrets: SourceSecrets;
}

/**
 * The secrets of one emulator: `IDENTITY_HEADER` (App Service and Service Fabric), `MSI_SECRET` (Azure ML),
 * and Azure Arc's challenge keys.
 *
 * @example
 * ```ts
 * const secrets: SourceSecrets = { identityHeader, msiSecret, arcKey: (key) => keys.has(key), arcChallenge: writeKeyFile };
 * ```
 */
export interface SourceSecrets {
  identityHeader: string;
  msiSecret: string;
  /** Whether a key from `Authorization: Basic <key>` is one a challenge wrote. */
  arcKey(key: string): boolean;
  /** Writes a fresh key to a file only the owner can read and returns the file's path. */
  arcChallenge(): string;
}

/**
 * Where a source is served and what `environment(source)` is built from.
 *
 * @example
 * ```ts
 * EMULATED_SOURCES.IMDS.environment({ url, endpoint: `${url}/metadata/identity/oauth2/token`, secrets });
 * ```
 */
export interface SourceEndpoint {
  /** The emulator's base URL. */
  url: string;
  /** The source's endpoint: `url` and the source's path. */
  endpoint: string;
  secrets: SourceSecrets;
  /** The emulator's certificate when it serves HTTPS. */
  certificate?: string;
  /** The client id of the system-assigned identity, when one is assigned. */
  systemClientId?: string;
}

/**
 * One hosting source's endpoint: what the emulator checks and how it answers.
 *
 * @example
 * ```ts
 * const { route, path, apiVersion } = EMULATED_SOURCES.AzureML; // 'azure-ml', '/azure-ml/msi/token', '2017-09-01'
 * ```
 */
export interface EmulatedSource {
  /** The route name: faults and the request log use it. */
  readonly route: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The api-version the source requires (a 400 otherwise); Cloud Shell takes none. */
  readonly apiVersion?: string;
  readonly ids: IdentityParameters;
  /** Refuses a request without the source's headers or secret, as the real service does. */
  checkSecret(request: SourceCheck): SourceRefusal | undefined;
  /** Error bodies: `{error, error_description}`, `{statusCode, message}` or `{error: {code, message}}`. */
  readonly errors: 'oauth' | 'status-message' | 'code-message';
  /** How a token is written: `expires_on`'s format, whether `expires_in` is sent, and the ids echoed back. */
  readonly answer: { expiresOn: ExpiresOnFormat; expiresIn: boolean; echo: IdentityParameters };
  /** The variables that point a credential at this source. */
  environment(endpoint: SourceEndpoint): Record<string, string>;
}

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

const needsMetadata = ({ header }: SourceCheck): SourceRefusal | undefined =>
  header('metadata') === 'true'
    ? undefined
    : { status: 400, code: 'invalid_request', message: 'Required metadata header not specified' };

/**
 * Every source, by name.
 *
 * @example
 * ```ts
 * Object.values(EMULATED_SOURCES).map((source) => source.route); // ['imds', 'app-service', ...]
 * ```
 */
export const EMULATED_SOURCES: Readonly<Record<ManagedIdentitySource, EmulatedSource>> = {
  IMDS: {
    route: 'imds',
    method: 'GET',
    path: '/metadata/identity/oauth2/token',
    apiVersion: '2018-02-01',
    ids: MSI_IDS,
    checkSecret: needsMetadata,
    errors: 'oauth',
    answer: { expiresOn: 'epoch-string', expiresIn: true, echo: { clientId: 'client_id' } },
    environment: ({ url }) => ({ AZURE_POD_IDENTITY_AUTHORITY_HOST: url }),
  },
  AppService: {
    route: 'app-service',
    method: 'GET',
    path: '/msi/token',
    apiVersion: '2019-08-01',
    ids: { clientId: 'client_id', objectId: 'object_id', resourceId: 'mi_res_id' },
    checkSecret: ({ header, secrets }) =>
      header('x-identity-header') === secrets.identityHeader
        ? undefined
        : {
            status: 401,
            code: 'unauthorized',
            message: 'The X-IDENTITY-HEADER header is missing or not valid.',
          },
    errors: 'status-message',
    answer: { expiresOn: 'epoch-string', expiresIn: true, echo: { clientId: 'client_id' } },
    environment: ({ endpoint, secrets }) => ({
      IDENTITY_ENDPOINT: endpoint,
      IDENTITY_HEADER: secrets.identityHeader,
    }),
  },
  ServiceFabric: {
    route: 'service-fabric',
    method: 'GET',
    path: '/service-fabric/metadata/identity/oauth2/token',
    apiVersion: '2019-07-01-preview',
    // Identities are assigned in the cluster, not named in the request.
    ids: {},
    checkSecret: ({ header, secrets }) => {
      const secret = header('secret');
      if (secret === undefined)
        return {
          status: 401,
          code: 'SecretHeaderNotFound',
          message: 'Secret is not found in the request headers.',
        };
      return secret === secrets.identityHeader
        ? undefined
        : {
            status: 401,
            code: 'SecretHeaderInvalid',
            message: 'The secret in the request headers is not valid.',
          };
    },
    errors: 'code-message',
    answer: { expiresOn: 'epoch-number', expiresIn: false, echo: {} },
    environment: ({ endpoint, secrets, certificate }) => {
      if (!certificate) {
        throw new Error('Service Fabric is served over HTTPS: start the emulator with https: true.');
      }
      const der = new X509Certificate(certificate).raw;
      return {
        IDENTITY_ENDPOINT: endpoint,
        IDENTITY_HEADER: secrets.identityHeader,
        IDENTITY_SERVER_THUMBPRINT: createHash('sha1').update(der).digest('hex').toUpperCase(),
      };
    },
  },
  AzureML: {
    route: 'azure-ml',
    method: 'GET',
    path: '/azure-ml/msi/token',
    apiVersion: '2017-09-01',
    ids: { clientId: 'clientid' },
    checkSecret: (request) =>
      needsMetadata(request) ??
      (request.header('secret') === request.secrets.msiSecret
        ? undefined
        : { status: 401, code: 'unauthorized', message: 'The secret header is missing or not valid.' }),
    errors: 'status-message',
    answer: { expiresOn: 'us-date', expiresIn: true, echo: { clientId: 'clientid' } },
    environment: ({ endpoint, secrets, systemClientId }) => ({
      MSI_ENDPOINT: endpoint,
      MSI_SECRET: secrets.msiSecret,
      ...(systemClientId ? { DEFAULT_IDENTITY_CLIENT_ID: systemClientId } : {}),
    }),
  },
  CloudShell: {
    route: 'cloud-shell',
    method: 'POST',
    path: '/cloud-shell/oauth2/token',
    // The signed-in user's identity only; the resource comes in a form.
    ids: {},
    checkSecret: needsMetadata,
    errors: 'oauth',
    answer: { expiresOn: 'epoch-string', expiresIn: true, echo: {} },
    environment: ({ endpoint }) => ({ MSI_ENDPOINT: endpoint }),
  },
  AzureArc: {
    route: 'azure-arc',
    method: 'GET',
    path: '/azure-arc/metadata/identity/oauth2/token',
    apiVersion: '2020-06-01',
    ids: MSI_IDS,
    checkSecret: (request) => {
      const refused = needsMetadata(request);
      if (refused) return refused;
      const key = /^basic (.+)$/i.exec(request.header('authorization') ?? '')?.[1];
      if (key && request.secrets.arcKey(key)) return undefined;
      if (key) return { status: 401, code: 'invalid_request', message: 'The key is not valid.' };
      // The challenge: a fresh key in a file only the owner can read, named by the realm.
      return {
        status: 401,
        code: 'unauthorized_client',
        message: 'Use the key in the file named by the realm.',
        headers: { 'www-authenticate': `Basic realm=${request.secrets.arcChallenge()}` },
      };
    },
    errors: 'oauth',
    answer: { expiresOn: 'epoch-string', expiresIn: true, echo: MSI_IDS },
    environment: ({ url, endpoint }) => ({ IDENTITY_ENDPOINT: endpoint, IMDS_ENDPOINT: `${url}/azure-arc` }),
  },
};
