export type { CacheProtection } from './cache-persistence-protection.js';
