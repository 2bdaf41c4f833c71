// A package.json after migration: the @identity packages its code now imports, added where @azure/identity was
// (dependencies or devDependencies) with the CLI's own version line; @azure/identity removed once no file of the
// package imports it, and so is each peer package that maps whole to an @identity one
// (@azure/identity-cache-persistence); the other plugin packages and peer ranges reported, since they need a person.
import { RENAMED_MODULES } from './cli-migrate-renamed-modules.js';
import { PEER_MODULE, PEER_PLUGIN_PACKAGES } from './cli-migrate-unsupported.js';

const FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

type Dependencies = Record<string, string>;
type Manifest = Partial<Record<(typeof FIELDS)[number], Dependencies>> & Record<string, unknown>;

/**
 * Something in a package.json that needs a person.
 *
 * @example
 * ```ts
 * const note: ManifestFinding = { subject: '@azure/identity-vscode', reason: '...', step: '...' };
 * ```
 */
export interface ManifestFinding {
  subject: string;
  reason: string;
  step: string;
}

/**
 * The new package.json and what changed in it.
 *
 * @example
 * ```ts
 * const { text, added, removed } = updateManifest(before, { needed: ['@identity/default'], range: '^0.1.0', peerStillUsed: false });
 * ```
 */
export interface ManifestUpdate {
  text: string;
  /** `name@range` of each package added, with the field it went to. */
  added: { name: string; range: string; field: string }[];
  /** The fields @azure/identity was removed from. */
  removed: string[];
  /** Each peer package that maps whole to an `@identity` one, removed (its replacement is in `added`). */
  replaced: { name: string; field: string }[];
  findings: ManifestFinding[];
}

/**
 * What a package's code needs after migration.
 *
 * @example
 * ```ts
 * const needs: ManifestNeeds = { needed: ['@identity/core'], range: '^0.1.0', peerStillUsed: false };
 * ```
 */
export interface ManifestNeeds {
  /** The `@identity/*` packages the package's migrated files import. */
  needed: readonly string[];
  /** The version range to add them with. */
  range: string;
  /** Some file of the package still imports `@azure/identity` (what could not be migrated). */
  peerStillUsed: boolean;
  /**
   * The peer packages that map whole to an `@identity` one (`@azure/identity-cache-persistence`) that some file of
   * the package still imports: they stay.
   */
  renamedStillUsed?: readonly string[];
}

// Two spaces, four, a tab: whatever the file uses.
function indentation(text: string): string | number {
  return /^[ \t]+(?=")/m.exec(text)?.[0] ?? 2;
}

const sorted = (keys: string[]) =>
  keys.every((key, index) => index === 0 || (keys[index - 1] as string) <= key);

/**
 * Updates a package.json's text; keeps its layout (indentation, key order, final newline). Adds the needed
 * packages to the field that has `@azure/identity` (`dependencies` if it is in neither), keeping the field sorted
 * when it was; removes `@azure/identity` from `dependencies` and `devDependencies` unless still used.
 *
 * @throws `SyntaxError` when the text is not JSON
 * @example
 * ```ts
 * updateManifest('{ "dependencies": { "@azure/identity": "^4.5.0" } }', { needed: ['@identity/default'], range: '^0.1.0', peerStillUsed: false }).text;
 * // '{\n  "dependencies": {\n    "@identity/default": "^0.1.0"\n  }\n}'
 * ```
 */
export function updateManifest(text: string, needs: ManifestNeeds): ManifestUpdate {
  // A byte order mark (Windows editors write one; npm reads past it) stays, outside the JSON.
  if (text.startsWith('\uFEFF')) {
    const update = updateManifest(text.slice(1), needs);
    return { ...update, text: `\uFEFF${update.text}` };
  }
  const manifest = JSON.parse(text) as Manifest;
  const has = (field: (typeof FIELDS)[number], name: string) => Object.hasOwn(manifest[field] ?? {}, name);
  const update: ManifestUpdate = { text, added: [], removed: [], replaced: [], findings: [] };

  const field = has('dependencies', PEER_MODULE)
    ? 'dependencies'
    : has('devDependencies', PEER_MODULE)
      ? 'devDependencies'
      : 'dependencies';
  // A replacement goes where the package it replaces was, when @azure/identity is in neither field.
  const fieldOf = (name: string) =>
    has(field, PEER_MODULE)
      ? field
      : ((['dependencies', 'devDependencies'] as const).find((candidate) =>
          Object.entries(RENAMED_MODULES).some(([from, to]) => to === name && has(candidate, from)),
        ) ?? field);
  const missing = needs.needed.filter((name) => !FIELDS.some((candidate) => has(candidate, name)));
  for (const name of missing) {
    const into = fieldOf(name);
    const target: Dependencies = manifest[into] ?? {};
    const wasSorted = sorted(Object.keys(target));
    target[name] = needs.range;
    update.added.push({ name, range: needs.range, field: into });
    manifest[into] = wasSorted
      ? Object.fromEntries(Object.entries(target).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : target;
  }
  for (const [from, to] of Object.entries(RENAMED_MODULES)) {
    if (needs.renamedStillUsed?.includes(from) || !needs.needed.includes(to)) continue;
    for (const candidate of ['dependencies', 'devDependencies'] as const) {
      if (!has(candidate, from)) continue;
      delete (manifest[candidate] as Dependencies)[from];
      update.replaced.push({ name: from, field: candidate });
    }
  }
  if (!needs.peerStillUsed) {
    for (const candidate of ['dependencies', 'devDependencies'] as const) {
      if (!has(candidate, PEER_MODULE)) continue;
      delete (manifest[candidate] as Dependencies)[PEER_MODULE];
      update.removed.push(candidate);
    }
  }
  for (const candidate of ['peerDependencies', 'optionalDependencies'] as const) {
    if (!has(candidate, PEER_MODULE)) continue;
    update.findings.push({
      subject: `${candidate}: ${PEER_MODULE}`,
      reason: `your package asks its users for @azure/identity (${candidate}); what they should install instead is your decision`,
      step: `replace it with the @identity packages your code uses (${needs.needed.join(', ') || 'see the import changes'})`,
    });
  }
  for (const [name, gap] of Object.entries(PEER_PLUGIN_PACKAGES)) {
    if (FIELDS.some((candidate) => has(candidate, name))) update.findings.push({ subject: name, ...gap });
  }
  if (update.added.length === 0 && update.removed.length === 0 && update.replaced.length === 0) return update;
  const ending = text.endsWith('\n') ? (text.endsWith('\r\n') ? '\r\n' : '\n') : '';
  const json = JSON.stringify(manifest, null, indentation(text));
  update.text = `${ending === '\r\n' ? json.replace(/\n/g, '\r\n') : json}${ending}`;
  return update;
}
