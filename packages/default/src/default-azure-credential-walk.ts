// What the chain needs only once getToken walks it: the walk with its head start, and the members' factories. The
// chain imports this module when its first walk starts (and a member asked directly, when it is first built), so
// what loads at start holds none of it; one module, so that a walk loads one file more, not one per piece, and the
// first member's package loads beside it. It imports nothing of the chain's but types: a module both this chunk and
// the entry imported would become a chunk of its own that loads at start.
export { DEFAULT_CHAIN_FACTORIES } from './default-azure-credential-factories.js';
export { ChainWalk } from './default-azure-credential-head-start.js';
