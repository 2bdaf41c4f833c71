// Loads @peculiar/x509 without a global Reflect polyfill dependency.
//
// @peculiar/x509 registers its classes with tsyringe, which refuses to load unless `Reflect.getMetadata`
// exists. x509 only uses parameterless `@injectable()` classes, so the metadata it reads is always empty:
// a read-only stand-in is enough while the module evaluates, and is removed afterwards so no global
// changes outlive the import. When a real polyfill is already installed it is used as is.

type X509Module = typeof import('@peculiar/x509');

interface ReflectWithMetadata {
  getMetadata?: unknown;
  getOwnMetadata?: unknown;
}

let loading: Promise<X509Module> | undefined;

/**
 * Imports @peculiar/x509 once, with its crypto provider set to Node's WebCrypto.
 *
 * @example
 * ```ts
 * const x509 = await loadX509();
 * const cert = await x509.X509CertificateGenerator.createSelfSigned({ ... }, crypto);
 * ```
 */
export function loadX509(): Promise<X509Module> {
  loading ??= (async () => {
    const reflect = Reflect as unknown as ReflectWithMetadata;
    const shimmed = typeof reflect.getMetadata !== 'function';
    if (shimmed) {
      reflect.getMetadata = () => undefined;
      reflect.getOwnMetadata = () => undefined;
    }
    try {
      const x509 = await import('@peculiar/x509');
      x509.cryptoProvider.set(globalThis.crypto);
      return x509;
    } finally {
      if (shimmed) {
        delete reflect.getMetadata;
        delete reflect.getOwnMetadata;
      }
    }
  })();
  return loading;
}
