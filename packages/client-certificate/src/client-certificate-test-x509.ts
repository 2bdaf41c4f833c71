// @peculiar/x509 for tests, loaded with web APIs only so the edge-runtime tests can make certificates too.

type X509Module = typeof import('@peculiar/x509');
let x509Loading: Promise<X509Module> | undefined;

/**
 * Imports @peculiar/x509, whose dependency injection container wants `Reflect.getMetadata` while the module
 * evaluates; it only reads empty metadata, so a stand-in is installed for the import and removed after it.
 *
 * @example
 * ```ts
 * const x509 = await loadX509();
 * ```
 */
export function loadX509(): Promise<X509Module> {
  x509Loading ??= (async () => {
    const reflect = Reflect as unknown as Record<string, unknown>;
    const installed = typeof reflect.getMetadata !== 'function';
    if (installed) {
      reflect.getMetadata = () => undefined;
      reflect.getOwnMetadata = () => undefined;
    }
    try {
      const x509 = await import('@peculiar/x509');
      x509.cryptoProvider.set(globalThis.crypto);
      return x509;
    } finally {
      if (installed) {
        delete reflect.getMetadata;
        delete reflect.getOwnMetadata;
      }
    }
  })();
  return x509Loading;
}
