// A shared cache file as another MSAL-based tool leaves it (the Azure CLI, Visual Studio, ...): for each sign-in, an
// `Account` entity per tenant the user signed in to, the refresh token of the tool's client (`family_id: "1"` when the
// tool is of Microsoft's family of client ids), and the client's `AppMetadata`. Written unencrypted in a temporary
// folder, and read back by the persistent cache of @identity/cache-persistence, as SharedTokenCacheCredential reads it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistentTokenCache } from '@identity/cache-persistence';
import type { AuthenticationRecord } from '@identity/core';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';

/** One tool's sign-in: who, with which client's refresh token, in which tenants. */
export interface ToolSignIn {
  record: AuthenticationRecord;
  clientId: string;
  refreshToken: string;
  /** `'1'` for a tool of Microsoft's family of client ids. */
  familyId?: string;
  /** The tenants it signed in to (an `Account` entity each). Default: the record's. */
  realms?: string[];
}

interface MsalDocument {
  Account: Record<string, object>;
  RefreshToken: Record<string, { client_id: string; secret: string; [field: string]: unknown }>;
  AccessToken: Record<string, object>;
  IdToken: Record<string, object>;
  AppMetadata: Record<string, object>;
}

/** Writes the sign-ins as MSAL does, and opens the persistent cache on them. */
export function cacheWrittenByTools(signIns: ToolSignIn[]) {
  const directory = join(temporaryFolder('shared-token-cache-tools'), '.IdentityService');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'msal.cache.nocae');
  const document: MsalDocument = {
    Account: {},
    RefreshToken: {},
    AccessToken: {},
    IdToken: {},
    AppMetadata: {},
  };
  for (const { record, clientId, refreshToken, familyId, realms = [record.tenantId] } of signIns) {
    const owner = { home_account_id: record.homeAccountId, environment: record.authority };
    for (const realm of realms) {
      document.Account[`${record.homeAccountId}-${record.authority}-${realm}`] = {
        ...owner,
        realm,
        username: record.username,
        authority_type: 'MSSTS',
      };
    }
    const family = familyId ? { family_id: familyId } : {};
    // Keyed by client, so that two tools' family tokens of one account can sit side by side (MSAL Node and Python key
    // a family one by its family, one per account; readers go by the entities' fields, not their keys).
    document.RefreshToken[`${record.homeAccountId}-${record.authority}-refreshtoken-${clientId}---`] = {
      ...owner,
      credential_type: 'RefreshToken',
      client_id: clientId,
      secret: refreshToken,
      ...family,
    };
    document.AppMetadata[`appmetadata-${record.authority}-${clientId}`] = {
      client_id: clientId,
      environment: record.authority,
      ...family,
    };
  }
  writeFileSync(file, JSON.stringify(document));
  const cache = new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
  opened.push(cache);
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as MsalDocument;
  return { cache, read };
}

const opened: PersistentTokenCache[] = [];

/** Closes every cache opened here (their writes flushed), before their folders go. */
export async function closeToolCaches(): Promise<void> {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
}
