// A token cache whose account store can list its accounts, as a persistent cache's does, but in memory: the chain
// tests sign a user in through it with DeviceCodeCredential, and SharedTokenCacheCredential finds the account there.
import type { AuthenticationRecord, UserAccount, UserAccountStore } from '@identity/core';
import { TokenCache } from '@identity/core';

export class ListingTokenCache extends TokenCache {
  override readonly accounts: UserAccountStore & { defaultRecord?: AuthenticationRecord };
  readonly entries = new Map<string, UserAccount>();
  closed = 0;

  constructor(options: { listing?: boolean } = {}) {
    super();
    const entries = this.entries;
    const store: UserAccountStore & { defaultRecord?: AuthenticationRecord } = {
      get: (key) => entries.get(key),
      set: (key, account) => entries.set(key, account),
      delete: (key) => entries.delete(key),
    };
    if (options.listing !== false) {
      store.list = async () => [...entries.values()];
      store.defaultAccount = async () => store.defaultRecord;
    }
    this.accounts = store;
  }

  async close(): Promise<void> {
    this.closed++;
  }
}
