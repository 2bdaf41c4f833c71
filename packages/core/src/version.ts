declare const __PACKAGE_VERSION__: string;

/**
 * This package's version (every `@identity/*` package shares it), sent as `x-client-VER` with every token request
 * so that Entra's logs can tell library versions apart.
 *
 * @example
 * ```ts
 * headers['x-client-VER'] = VERSION;
 * ```
 */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
