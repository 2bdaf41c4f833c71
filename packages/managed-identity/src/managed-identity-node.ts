// The `@identity/managed-identity/node` entry: the Node-only helpers, loaded lazily by the sources that need them.
export {
  ARC_KEY_FILE_MAX_BYTES,
  arcChallengeKey,
  defaultArcTokenDirectory,
  readArcKeyFile,
} from './managed-identity-arc-key-file.js';
export { pinnedFetch } from './managed-identity-service-fabric-fetch.js';
