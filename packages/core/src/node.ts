/**
 * `@identity/core/node`: Node-only machinery the `node` entries of the credential packages share. Import it only
 * from modules that the `node` export condition selects, so that no edge bundle reaches it.
 *
 * @packageDocumentation
 * @internal
 */
export { fetchOverSocket, nodeHttpFetch } from './node-socket-fetch.js';
