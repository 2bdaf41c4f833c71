// One redactor for every message and log line: tokens, assertions, secrets and keys never leave this package
// in text, even when a service or a tool echoes them back.

const RULES: [RegExp, string][] = [
  // PEM private keys, whole blocks.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  // JWTs: access tokens, id tokens, client assertions, federated tokens.
  [/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted jwt]'],
  // Bearer and Basic credentials in headers.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  // Form or query fields that carry secrets.
  [
    /\b(client_secret|client_assertion|assertion|password|refresh_token|access_token|code_verifier|code|device_code)=[^&\s"']+/gi,
    '$1=[redacted]',
  ],
  // JSON fields that carry secrets, as tools and services print them.
  [
    /("(?:accessToken|access_token|token|refresh_token|refreshToken|client_secret|clientSecret|password|id_token|oidcToken)"\s*:\s*")[^"]*(")/gi,
    '$1[redacted]$2',
  ],
];

/**
 * Removes tokens, assertions, secrets and private keys from text before it is shown or logged.
 *
 * @example
 * ```ts
 * redactSecrets('{"accessToken": "eyJ0eXAi..."}'); // '{"accessToken": "[redacted]"}'
 * ```
 */
export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement);
  return result;
}
