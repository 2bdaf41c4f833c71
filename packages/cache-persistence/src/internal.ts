/**
 * `@identity/cache-persistence/internal`: what `@identity/cli` needs of the cache beyond its public API (a look at
 * a cache that changes nothing, for `identity doctor`). It is versioned with the CLI and may change in any release:
 * build on the public `@identity/cache-persistence` entry instead.
 *
 * @packageDocumentation
 * @internal
 */
export type {
  CacheFileProblem,
  InspectedProtection,
  TokenCacheInspection,
  TokenCacheInspectionOptions,
} from './cache-persistence-inspection.js';
export { inspectTokenCache } from './cache-persistence-inspection.js';
