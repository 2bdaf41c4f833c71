// Which access-token format Entra issues, v1 or v2. The format follows the *resource* the token is for, never
// the endpoint it was asked at: each resource's service principal says which version it accepts
// (`accessTokenAcceptedVersion` in the app manifest, `api.requestedAccessTokenVersion` in Graph), and Entra
// reads an unset value as 1. Microsoft's first-party Azure resources leave it unset, so a token for Storage,
// Key Vault, Resource Manager, Graph... is v1 (`iss: https://sts.windows.net/{tid}/`, `ver: '1.0'`, `appid`,
// `aud` as the client asked for it) even from the v2.0 token endpoint. The first-party resources are data,
// in the one list below.

/**
 * The first-party Microsoft resources whose tokens are v1, as resource URIs (compared without case and
 * trailing slashes) or application ids. `*` stands for one DNS label: a storage account, a Service Bus
 * namespace, a Cosmos DB account. Requests for a `/.default` scope of any of them get v1 tokens.
 *
 * @example
 * ```ts
 * FIRST_PARTY_V1_RESOURCES.includes('https://storage.azure.com'); // true
 * ```
 */
export const FIRST_PARTY_V1_RESOURCES: readonly string[] = [
  // Azure Storage: every account, or one account's service (getBlobServiceAccountAudience and friends).
  'https://storage.azure.com',
  'https://*.blob.core.windows.net',
  'https://*.queue.core.windows.net',
  'https://*.table.core.windows.net',
  'https://*.file.core.windows.net',
  'https://*.dfs.core.windows.net',
  'e406a681-f3d4-42a8-90b6-c2b029497af1',
  // Key Vault and Managed HSM.
  'https://vault.azure.net',
  'https://managedhsm.azure.net',
  'cfa8b339-82a2-471a-a3c9-0fc0be7a4093',
  // Azure Resource Manager (and its classic name).
  'https://management.azure.com',
  'https://management.core.windows.net',
  '797f4846-ba00-4fd7-ba43-dac1f8f63013',
  // Microsoft Graph and Azure AD Graph.
  'https://graph.microsoft.com',
  '00000003-0000-0000-c000-000000000000',
  'https://graph.windows.net',
  '00000002-0000-0000-c000-000000000000',
  // Azure AI services (Azure OpenAI included).
  'https://cognitiveservices.azure.com',
  // Service Bus and Event Hubs: the service, or one namespace.
  'https://servicebus.azure.net',
  'https://eventhubs.azure.net',
  'https://*.servicebus.windows.net',
  // Databases: Azure SQL, PostgreSQL and MySQL flexible servers, Cosmos DB.
  'https://database.windows.net',
  'https://ossrdbms-aad.database.windows.net',
  'https://cosmos.azure.com',
  'https://*.documents.azure.com',
  // Azure DevOps.
  '499b84ac-1321-427f-aa17-267ca6975798',
];

const normalize = (resource: string) => resource.trim().replace(/\/+$/, '').toLowerCase();
// One DNS label: letters, digits and inner hyphens.
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const entryPattern = (entry: string) =>
  entry
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(LABEL);
const FIRST_PARTY_PATTERN = new RegExp(`^(?:${FIRST_PARTY_V1_RESOURCES.map(entryPattern).join('|')})$`);

/**
 * Whether a resource is one of the first-party Microsoft resources whose tokens are v1 (see
 * {@link FIRST_PARTY_V1_RESOURCES}).
 *
 * @example
 * ```ts
 * takesV1Tokens('https://devstoreaccount1.blob.core.windows.net/'); // true
 * takesV1Tokens('api://my-api'); // false
 * ```
 */
export function takesV1Tokens(resource: string): boolean {
  return FIRST_PARTY_PATTERN.test(normalize(resource));
}

/**
 * The access-token version Entra issues for a resource: 1 for a first-party resource, else the version the
 * resource's registration accepts (`accessTokenAcceptedVersion`), else the emulator's default, 2 (see the
 * README: Entra reads a manifest that leaves the field unset as 1; the emulator assumes an API that set it).
 *
 * @example
 * ```ts
 * accessTokenVersion('https://vault.azure.net'); // 1
 * accessTokenVersion('api://orders', { accessTokenAcceptedVersion: 1 }); // 1
 * accessTokenVersion('api://orders'); // 2
 * ```
 */
export function accessTokenVersion(
  resource: string,
  resourceApp?: { accessTokenAcceptedVersion?: 1 | 2 },
): 1 | 2 {
  if (takesV1Tokens(resource)) return 1;
  return resourceApp?.accessTokenAcceptedVersion ?? 2;
}

/**
 * The client id a resource names when it is a registered app: `api://{clientId}` (the App ID URI Entra
 * suggests) or the bare client id.
 *
 * @example
 * ```ts
 * resourceClientId('api://11111111-1111-1111-1111-111111111111'); // '11111111-1111-1111-1111-111111111111'
 * ```
 */
export function resourceClientId(resource: string): string {
  const bare = normalize(resource);
  return bare.startsWith('api://') ? bare.slice('api://'.length) : bare;
}
