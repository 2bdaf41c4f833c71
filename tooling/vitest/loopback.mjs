// What "loopback" means for the tests: the one check behind the suite's network guard and the runtime tests.

/**
 * Whether a host name (or URL host, bracketed IPv6 included) is this machine: localhost and its subdomains,
 * 127.0.0.0/8 or ::1.
 *
 * @example
 * ```js
 * isLoopbackHost(new URL('http://127.0.0.1:8080').hostname); // true
 * ```
 */
export function isLoopbackHost(host) {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare) || bare.endsWith('.localhost')
  );
}
