// The table of what each @identity package exports, as the build derived it from the packages' sources
// (scripts/migrate-exports.mjs writes it beside the built CLI). Never edited by hand.
import { readFileSync } from 'node:fs';

/**
 * Which names each `@identity/*` library package exports from its main entry.
 *
 * @example
 * ```ts
 * const table: ExportTable = { packages: { '@identity/core': ['AccessToken', 'ChainedTokenCredential'] } };
 * ```
 */
export interface ExportTable {
  packages: Readonly<Record<string, readonly string[]>>;
}

/**
 * Reads the table the build wrote beside the CLI (`dist/migrate-exports.json`), or the one at `file`.
 *
 * @throws when the file is missing: the CLI was built without its build step
 * @example
 * ```ts
 * const table = loadExportTable();
 * table.packages['@identity/default']?.includes('DefaultAzureCredential'); // true
 * ```
 */
export function loadExportTable(
  file: URL | string = new URL('./migrate-exports.json', import.meta.url),
): ExportTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `the table of @identity exports is missing (${String(file)}): this build of @identity/cli is incomplete; reinstall it, or in the repository run 'pnpm --filter @identity/cli build'`,
    );
  }
  return JSON.parse(text) as ExportTable;
}

/**
 * The packages that export `name`, sorted.
 *
 * @example
 * ```ts
 * exportersOf(table, 'ChainedTokenCredential'); // ['@identity/core']
 * ```
 */
export function exportersOf(table: ExportTable, name: string): string[] {
  return Object.entries(table.packages)
    .filter(([, names]) => names.includes(name))
    .map(([pkg]) => pkg)
    .sort();
}
