// The `@identity/managed-identity/node` entry: the sources that run only on Node.js (Azure Arc, Service Fabric),
// loaded lazily when one of them is detected.
export {
  ARC_KEY_FILE_MAX_BYTES,
  arcChallengeKey,
  defaultArcTokenDirectory,
  readArcKeyFile,
} from './managed-identity-arc-key-file.js';
export { azureArcEndpoint } from './managed-identity-azure-arc-node.js';
export { pinnedFetch } from './managed-identity-service-fabric-fetch.js';
export { serviceFabricEndpoint } from './managed-identity-service-fabric-node.js';
