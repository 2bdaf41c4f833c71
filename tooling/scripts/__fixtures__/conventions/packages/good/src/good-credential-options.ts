/**
 * The options of a {@link GoodCredential}.
 *
 * @example
 * ```ts
 * const options: GoodCredentialOptions = { tenantId: 'contoso.onmicrosoft.com' };
 * ```
 */
export interface GoodCredentialOptions {
  tenantId?: string;
}
