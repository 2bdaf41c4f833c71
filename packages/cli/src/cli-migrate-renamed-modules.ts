// The packages of @azure/identity's family that have an @identity package with the same names: `identity migrate`
// changes the module name of their imports (and the dependency in package.json), as long as every name the code
// takes from them is one the @identity package exports (the build's export table says which).

/**
 * Each peer package that maps whole to an `@identity` package, by its name.
 *
 * @example
 * ```ts
 * RENAMED_MODULES['@azure/identity-cache-persistence']; // '@identity/cache-persistence'
 * ```
 */
export const RENAMED_MODULES: Readonly<Record<string, string>> = {
  // cachePersistencePlugin, registered with useIdentityPlugin (which @identity/core exports), as the peer's is.
  '@azure/identity-cache-persistence': '@identity/cache-persistence',
};

/**
 * The `@identity` package that replaces the module `specifier`, or undefined when it is not one of
 * {@link RENAMED_MODULES}.
 *
 * @example
 * ```ts
 * renamedModule('@azure/identity-cache-persistence'); // '@identity/cache-persistence'
 * renamedModule('@azure/identity'); // undefined (its names map one by one)
 * ```
 */
export function renamedModule(specifier: string): string | undefined {
  return Object.hasOwn(RENAMED_MODULES, specifier) ? RENAMED_MODULES[specifier] : undefined;
}
