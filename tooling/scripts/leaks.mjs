// What counts as a leaked secret in a captured log line or error message, and how to show it masked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Each pattern's `secret` group is the part that is masked when the entry is printed.
// Redacted values (`***`, `REDACTED`) are what the libraries are supposed to print, so they do not count.
const REDACTED = String.raw`(?!\*+|\[?redacted\]?|<redacted>)`;
export const LEAK_PATTERNS = [
  { rule: 'jwt', pattern: /(?<secret>\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*)/ },
  { rule: 'test-secret', pattern: /(?<secret>[\w.-]*TEST-SECRET[\w-]*)/ },
  {
    rule: 'private-key',
    pattern:
      /(?<secret>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$))/,
  },
  {
    rule: 'client-credential',
    pattern: new RegExp(`client_(?:secret|assertion)=${REDACTED}(?<secret>[^&\\s"']+)`, 'i'),
  },
  // Sixteen characters or more, so that prose such as "Bearer token" or a `Bearer realm=` challenge passes.
  {
    rule: 'bearer-token',
    pattern: new RegExp(`\\bBearer\\s+${REDACTED}(?<secret>[\\w\\-.~+/]{16,}=*)`, 'i'),
  },
];

/** Replaces every secret in `text` by a placeholder that keeps only its length. */
export function mask(text) {
  return LEAK_PATTERNS.reduce(
    (masked, { pattern }) =>
      masked.replace(new RegExp(pattern.source, `${pattern.flags}g`), (...args) => {
        const match = args[0];
        const { secret } = args.at(-1);
        return match.replace(secret, `‹masked ${secret.length} chars›`);
      }),
    text,
  );
}

/** The leaks in `entries` (`{ kind, text, source }`), each with the rules it breaks and its masked text. */
export function findLeaks(entries) {
  return entries.flatMap((entry) => {
    const text = String(entry.text);
    const rules = LEAK_PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ rule }) => rule);
    return rules.length ? [{ ...entry, rules, masked: mask(text) }] : [];
  });
}

/** Every entry of every `*.jsonl` capture file in `dir`, tagged with `file:line`; unparsable lines are kept raw so they are still scanned. */
export function readCapture(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => {
          if (!line.trim()) return [];
          const source = `${file}:${index + 1}`;
          try {
            const { kind, text } = JSON.parse(line);
            return [{ kind, text, source }];
          } catch {
            return [{ kind: 'unparsable', text: line, source }];
          }
        }),
    );
}

/** The verdict on a capture: `{ ok, entries, leaks, problems }`; fewer than `minimum` entries means the hook broke. */
export function checkCapture(dir, { minimum = 20 } = {}) {
  const entries = readCapture(dir);
  const leaks = findLeaks(entries);
  const problems = [];
  if (entries.length < minimum) {
    problems.push(
      `only ${entries.length} entries captured (at least ${minimum} expected): the diagnostics hook is broken`,
    );
  }
  if (leaks.length) problems.push(`${leaks.length} captured entries contain secrets`);
  return { ok: problems.length === 0, entries, leaks, problems };
}
