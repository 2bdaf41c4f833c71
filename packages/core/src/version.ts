declare const __PACKAGE_VERSION__: string;

/** This package's version, sent as `x-client-ver` so service-side logs can tell library versions apart. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
