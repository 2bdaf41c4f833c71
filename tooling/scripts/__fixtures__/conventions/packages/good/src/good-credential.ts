import type { GoodCredentialOptions } from './good-credential-options.js';

/**
 * A credential that follows every convention.
 *
 * @example
 * ```ts
 * const credential = new GoodCredential({ tenantId: 'contoso.onmicrosoft.com' });
 * ```
 */
export class GoodCredential {
  readonly options: GoodCredentialOptions;

  constructor(options: GoodCredentialOptions = {}) {
    this.options = options;
  }
}
