// One redactor for every message and log line: tokens, assertions, secrets and keys never leave this package
// in text, even when a service or a tool echoes them back.

/**
 * Removes tokens, assertions, secrets and private keys from text before it is shown or logged: the patterns
 * below, and every one of `secrets` (the values a request carried: a client secret, a password, an endpoint's
 * header...) wherever it appears: as it is, or JSON-escaped (once, or twice when a body quoting it is quoted
 * again). The field-name patterns also catch a body echoed whole, percent-encoded values included
 * (`client_secret=...`, `"password": "..."`, `\"refresh_token\":\"...`).
 *
 * @example
 * ```ts
 * redactSecrets('{"accessToken": "eyJ0eXAi..."}'); // '{"accessToken": "[redacted]"}'
 * redactSecrets("the secret 'Xy7~q' is wrong", ['Xy7~q']); // "the secret '[redacted]' is wrong"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  // Values of fewer than four characters (no fourth one) would mangle ordinary words without protecting anything.
  // Each value as it is, then JSON-escaped (as a server's JSON answer quotes it), then escaped again (as a body
  // quoting it is kept inside another: `rawBody`).
  for (let secret of secrets) {
    for (let i = 0; i < 3 && secret?.[3]; i++, secret = JSON.stringify(secret).slice(1, -1)) {
      text = text.split(secret).join('[redacted]');
    }
  }
  return (
    text
      // PEM private keys, whole blocks.
      .replace(/-----BEGIN[^-]*PRIVATE KEY-----[\s\S]*?(-----END[^-]*-----|$)/g, '[redacted key]')
      // JWTs: access tokens, id tokens, client assertions, federated tokens.
      .replace(/eyJ[\w-]{4,}\.[\w-]+\.[\w-]*/g, '[redacted jwt]')
      // Bearer and Basic credentials in headers.
      .replace(/\b(Bearer|Basic) +[\w.~+/=-]{8,}/gi, '$1 [redacted]')
      // Fields named like a secret, as form or query parameters (`client_secret=...`) and as JSON
      // (`"accessToken": "..."`, also inside a quoted body: `\"accessToken\":\"...`): *secret, *assertion, *password,
      // *token, and OAuth's codes (*code, *verifier).
      // Only `name=` and a quoted `"name": "` count, so prose such as "Get-AzAccessToken: failed" stays readable.
      .replace(
        /\b(\w*(?:secret|assertion|password|token|code|verifier))(=|\\*"\s*:\s*\\*")[^&\s"',}\\]+/gi,
        '$1$2[redacted]',
      )
  );
}
