// One redactor for every message and log line: tokens, assertions, secrets and keys never leave this package
// in text, even when a service or a tool echoes them back.

/**
 * Removes tokens, assertions, secrets and private keys from text before it is shown or logged: the patterns
 * below, and every one of `secrets` (the values a request carried: a client secret, a password, an endpoint's
 * header...) wherever it appears as it is or JSON-escaped (in JSON text, a `"` or `\` in it is escaped). Form-encoded
 * forms are caught by the field-name patterns when a body is echoed whole (`client_secret=...`, `"password": "..."`).
 *
 * @example
 * ```ts
 * redactSecrets('{"accessToken": "eyJ0eXAi..."}'); // '{"accessToken": "[redacted]"}'
 * redactSecrets("the secret 'Xy7~q' is wrong", ['Xy7~q']); // "the secret '[redacted]' is wrong"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  // Values of fewer than four characters (no fourth one) would mangle ordinary words without protecting anything.
  // Each as sent, and as JSON text quotes it (a raw body, an echoed request: `"`, `\` and control characters escaped).
  for (const secret of secrets)
    if (secret?.[3])
      for (const shown of [secret, JSON.stringify(secret).slice(1, -1)])
        text = text.split(shown).join('[redacted]');
  return (
    text
      // PEM private keys, whole blocks.
      .replace(/-----BEGIN[^-]*PRIVATE KEY-----[\s\S]*?(-----END[^-]*-----|$)/g, '[redacted key]')
      // Fields named like a secret, as form or query parameters (`client_secret=...`) and as JSON
      // (`"accessToken": "..."`): *secret, *assertion, *password, *token, and OAuth's codes (*code, *verifier).
      // Only `name=` and a quoted `"name": "` count, so prose such as "Get-AzAccessToken: failed" stays readable.
      // First, so a JWT in such a field is redacted once.
      .replace(
        /\b(\w*(?:secret|assertion|password|token|code|verifier))(=|"\s*:\s*")[^&\s"',}]+/gi,
        '$1$2[redacted]',
      )
      // JWTs (access tokens, id tokens, client assertions, federated tokens) and JWEs (five parts), whole.
      .replace(/eyJ[\w-]{4,}(\.[\w-]*){2,4}/g, '[redacted jwt]')
      // Bearer and Basic credentials in headers.
      .replace(/\b(Bearer|Basic) +[\w.~+/=-]{8,}/gi, '$1 [redacted]')
  );
}
