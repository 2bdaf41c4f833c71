import type { CredentialPersistenceOptions, InteractiveCredentialOptions } from '@identity/core';

/**
 * What the user needs to sign in: the page to open and the code to type there, and `message`, Entra's sentence
 * saying both.
 *
 * @example
 * ```ts
 * const show = (info: DeviceCodeInfo) => console.error(`Open ${info.verificationUri} and enter ${info.userCode}`);
 * ```
 */
export interface DeviceCodeInfo {
  /** The code the user types on the verification page, such as `FLNBD7QKR`. */
  userCode: string;
  /** The page where the user types the code: `https://microsoft.com/devicelogin`. */
  verificationUri: string;
  /** Entra's instructions, naming the page and the code, ready to show. */
  message: string;
  /** When the code expires (milliseconds since the epoch): the user must sign in before then. */
  expiresOnTimestamp: number;
}

/**
 * Shows the user where to sign in and with which code. It is called once per sign-in, before polling starts. If
 * it throws, or returns a promise that rejects, the sign-in ends with that error (the user never saw the code);
 * what else it returns is ignored.
 *
 * @example
 * ```ts
 * const userPromptCallback: DeviceCodePromptCallback = (info) => ui.showBanner(info.message);
 * ```
 */
export type DeviceCodePromptCallback = (deviceCodeInfo: DeviceCodeInfo) => void;

/**
 * Options of {@link DeviceCodeCredential}: `@azure/identity`'s names (`tenantId`, `clientId`,
 * `userPromptCallback`, `authenticationRecord`, `disableAutomaticAuthentication`), and the shared credential
 * options (`authorityHost`, `additionallyAllowedTenants`, `tokenCache`, `fetch`, `clock`...).
 *
 * @example
 * ```ts
 * const options: DeviceCodeCredentialOptions = {
 *   tenantId: 'contoso.onmicrosoft.com',
 *   clientId: 'a-public-client-app-id',
 *   userPromptCallback: (info) => console.log(info.message),
 * };
 * ```
 */
export interface DeviceCodeCredentialOptions
  extends InteractiveCredentialOptions,
    CredentialPersistenceOptions {
  /** The tenant to sign in at. Default: `organizations` with the default client id, else `common`. */
  tenantId?: string;
  /**
   * The application (client) id of an app registration that allows public client flows. Default: Microsoft's
   * development application `04b07795-8ddb-461a-bbee-02f9e1bf7b46` (the Azure CLI's); register your own for
   * production.
   */
  clientId?: string;
  /** Shows the user where to sign in. Default: writes `message` to standard error. */
  userPromptCallback?: DeviceCodePromptCallback;
}
