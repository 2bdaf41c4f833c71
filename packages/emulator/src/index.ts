// Public surface of @identity/emulator.

export { CAE_TOKEN_LIFETIME_SECONDS, DEFAULT_TOKEN_LIFETIME_SECONDS } from './emulator-access-tokens.js';
export { AUTHORIZATION_CODE_LIFETIME_SECONDS } from './emulator-authorization-code.js';
export {
  AZURE_PIPELINES_OIDC_PATH,
  type RegisteredPipeline,
} from './emulator-azure-pipelines.js';
export { JWT_BEARER_ASSERTION_TYPE } from './emulator-client-assertion.js';
export { EmulatorConfigError, validateEmulatorConfig } from './emulator-config.js';
export {
  DEVICE_CODE_DEFAULTS,
  DEVICE_CODE_GRANT_TYPE,
  MSAL_DEVICE_CODE_GRANT_TYPE,
} from './emulator-device-code.js';
export { EntraError, type EntraErrorBody, entraErrorBody, entraErrors } from './emulator-errors.js';
export { ID_TOKEN_LIFETIME_SECONDS } from './emulator-id-token.js';
export { type DecodedJwt, decodeJwt } from './emulator-jwt.js';
export type { EmulatorJwk, EmulatorJwks } from './emulator-keys.js';
export type {
  AssignedManagedIdentity,
  EmulatorManagedIdentity,
  ExpiresOnFormat,
  ManagedIdentitySource,
} from './emulator-managed-identity.js';
export { formatExpiresOn } from './emulator-managed-identity.js';
export { type MintUserTokenInput, ON_BEHALF_OF_GRANT_TYPE } from './emulator-on-behalf-of.js';
export { delegatedScopes } from './emulator-password.js';
export { DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS } from './emulator-refresh-token-store.js';
export { clientCredentialsResource, resourceOfDefaultScope } from './emulator-scope.js';
export { type Emulator, startEmulator } from './emulator-server.js';
export { SESSION_COOKIE, SIGN_IN_FLOW_LIFETIME_SECONDS } from './emulator-sign-in.js';
export { SIGN_IN_ELEMENT_IDS } from './emulator-sign-in-page.js';
export { TOKEN_EXCHANGE_AUDIENCE } from './emulator-state.js';
export { createSelfSignedTls, type TlsMaterial } from './emulator-tls.js';
export { requestsCae, TOKEN_PATH, tokenResponse } from './emulator-token-endpoint.js';
export { accessTokenVersion, FIRST_PARTY_V1_RESOURCES, takesV1Tokens } from './emulator-token-versions.js';
export type {
  AppRegistration,
  ClientAuthentication,
  ConsentGrant,
  EmulatorApp,
  EmulatorCertificate,
  EmulatorConfig,
  EmulatorFault,
  EmulatorFaults,
  EmulatorGrantHandler,
  EmulatorIssuer,
  EmulatorOptions,
  EmulatorRequestContext,
  EmulatorRequestRecord,
  EmulatorResponse,
  EmulatorRouteHandler,
  EmulatorState,
  EmulatorTenant,
  FaultError,
  FederatedCredential,
  IssuerMintClaims,
  ManagedIdentityAssignment,
  MintAccessTokenInput,
  MintedAccessToken,
  PipelineRegistration,
  RegisteredApp,
  RegisteredUser,
  RequestNote,
  UserRegistration,
} from './emulator-types.js';
export { userFlowErrors } from './emulator-user-flow-errors.js';
export { SPA_REFRESH_TOKEN_LIFETIME_SECONDS } from './emulator-user-grant.js';
