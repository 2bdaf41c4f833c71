// The statements `identity migrate` writes when one import becomes several, laid out as the statement they
// replace was: its quotes, its semicolons, one name per line if it had one name per line.

/**
 * How the replaced statement was written.
 *
 * @example
 * ```ts
 * const layout: StatementLayout = { quote: "'", semicolon: ';', separator: '\n', braceSpace: true };
 * ```
 */
export interface StatementLayout {
  quote: string;
  /** `';'` or `''`. */
  semicolon: string;
  /** Between two statements that replace one: a line break and the statement's indentation. */
  separator: string;
  /** `{ A }` rather than `{A}`. */
  braceSpace: boolean;
  /** One name per line: the names' indentation, and whether the last has a trailing comma. */
  multiline?: { indent: string; closingIndent: string; trailingComma: boolean; eol: string };
}

/**
 * One name of a list as written (`DefaultAzureCredential`, `type AccessToken`, `X as Y`), with the comments on
 * the lines above it and after it on its line, which a list with one name per line keeps.
 *
 * @example
 * ```ts
 * const entry: ListEntry = { text: 'getBearerTokenProvider', trailing: '// for openai' };
 * ```
 */
export interface ListEntry {
  text: string;
  leading?: string[];
  trailing?: string;
}

// Where formatters (Prettier's default) break a statement: shorter ones stay on one line.
const LINE_WIDTH = 80;

// A list of names between braces, one per line (with their comments) or all on one line.
function namedList(entries: readonly ListEntry[], layout: StatementLayout): string {
  const { multiline } = layout;
  if (multiline) {
    const { indent, closingIndent, trailingComma, eol } = multiline;
    const body = entries.flatMap((entry, index) => {
      const comma = index < entries.length - 1 || trailingComma ? ',' : '';
      const trailing = entry.trailing ? ` ${entry.trailing}` : '';
      return [
        ...(entry.leading ?? []).map((comment) => `${indent}${comment}`),
        `${indent}${entry.text}${comma}${trailing}`,
      ];
    });
    return `{${eol}${body.join(eol)}${eol}${closingIndent}}`;
  }
  const space = layout.braceSpace ? ' ' : '';
  return `{${space}${entries.map((entry) => entry.text).join(', ')}${space}}`;
}

/**
 * `import { ... } from '...'` or `export { ... } from '...'`, type-only when `typeOnly`.
 *
 * @example
 * ```ts
 * moduleStatement('import', false, [{ text: 'DefaultAzureCredential' }], '@identity/default', layout);
 * // "import { DefaultAzureCredential } from '@identity/default';"
 * ```
 */
export function moduleStatement(
  keyword: 'import' | 'export',
  typeOnly: boolean,
  names: readonly ListEntry[],
  module: string,
  layout: StatementLayout,
): string {
  const type = typeOnly ? 'type ' : '';
  return laidOut(
    `${keyword} ${type}`,
    names,
    ` from ${layout.quote}${module}${layout.quote}${layout.semicolon}`,
    layout,
  );
}

/**
 * `const { ... } = require('...')`, with the replaced statement's keyword.
 *
 * @example
 * ```ts
 * requireStatement('const', [{ text: 'DefaultAzureCredential' }], '@identity/default', layout);
 * // "const { DefaultAzureCredential } = require('@identity/default');"
 * ```
 */
export function requireStatement(
  keyword: string,
  names: readonly ListEntry[],
  module: string,
  layout: StatementLayout,
): string {
  return laidOut(
    `${keyword} `,
    names,
    ` = require(${layout.quote}${module}${layout.quote})${layout.semicolon}`,
    layout,
  );
}

// A statement that had one name per line keeps that layout only where a formatter would: when its names carry
// comments, or when it does not fit on one line.
function laidOut(
  before: string,
  names: readonly ListEntry[],
  after: string,
  layout: StatementLayout,
): string {
  const { multiline, ...oneLine } = layout;
  const single = `${before}${namedList(names, oneLine)}${after}`;
  const commented = names.some((name) => name.leading?.length || name.trailing);
  return multiline && (commented || single.length > LINE_WIDTH)
    ? `${before}${namedList(names, layout)}${after}`
    : single;
}
