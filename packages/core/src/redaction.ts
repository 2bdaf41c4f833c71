// One redactor for every message and log line: tokens, assertions, secrets and keys never leave this package
// in text, even when a service or a tool echoes them back.

/**
 * Removes tokens, assertions, secrets and private keys from text before it is shown or logged: the patterns
 * below, and every one of `secrets` (the values a request carried: a client secret, a password, an endpoint's
 * header...) wherever it appears: as it is, percent-encoded (as a form or URL carries it) or JSON-escaped (once, or
 * twice when a body quoting it is quoted again). The field-name patterns also catch a body echoed whole
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
  for (const secret of secrets) {
    if (!secret?.[3]) continue;
    // Longest first, so that no form is cut by a shorter one inside it.
    const forms = [...echoedForms(secret)].sort((a, b) => b.length - a.length);
    for (const written of forms) text = text.split(written).join('[redacted]');
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

// A secret as it was sent and as a server may echo it back: percent-encoded (as in the form body or a URL), and
// JSON-escaped (inside a JSON string, and once more when a body that quotes it is itself quoted).
function echoedForms(secret: string): Set<string> {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set([secret, json, JSON.stringify(json).slice(1, -1)]);
  forms.add(new URLSearchParams([['', secret]]).toString().slice(1));
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // A lone surrogate has no percent-encoding; the form body's (above) stands for it.
  }
  return forms;
}
