// Which @identity package each name of a file's @azure/identity imports comes from. A name only one package
// exports goes there; a name many re-export (the errors, AccessToken, TokenCredential) goes to a package the file
// needs anyway, so that a file imports as few packages as it can, and to @identity/core when nothing else decides.
import type { ExportTable } from './cli-migrate-exports.js';
import { exportersOf } from './cli-migrate-exports.js';

const CORE = '@identity/core';

/**
 * One place in a file that brings names from `@azure/identity`: an import or export declaration, a `require`, or
 * the members used through a namespace.
 *
 * @example
 * ```ts
 * const site: PlanSite = { names: ['DefaultAzureCredential', 'AccessToken'] };
 * ```
 */
export interface PlanSite {
  names: readonly string[];
  /** Prefer one package for all the names (a namespace import that can stay a namespace import). */
  together?: boolean;
}

/**
 * Where a site's names come from.
 *
 * @example
 * ```ts
 * plan.packages.get('DefaultAzureCredential'); // '@identity/default'
 * ```
 */
export interface SitePlan {
  /** The package of each name that maps. */
  packages: Map<string, string>;
  /** The names no package exports. */
  unmapped: string[];
  /** For a `together` site, the one package that exports every name, when there is one. */
  single?: string;
}

// @identity/core when it is among the candidates, else the first by name: a stable answer.
function preferred(candidates: Iterable<string>): string | undefined {
  const list = [...candidates].sort();
  return list.includes(CORE) ? CORE : list[0];
}

/**
 * Plans every site of one file together, so that the file imports as few packages as it can.
 *
 * @example
 * ```ts
 * const [plan] = planFile([{ names: ['DefaultAzureCredential', 'CredentialUnavailableError'] }], table);
 * plan.packages.get('CredentialUnavailableError'); // '@identity/default', which the file needs anyway
 * ```
 */
export function planFile(sites: readonly PlanSite[], table: ExportTable): SitePlan[] {
  const exporters = new Map<string, string[]>();
  const candidates = (name: string): string[] => {
    const known = exporters.get(name);
    if (known) return known;
    const found = exportersOf(table, name);
    exporters.set(name, found);
    return found;
  };
  const chosen = new Set<string>();
  for (const site of sites) {
    for (const name of site.names)
      if (candidates(name).length === 1) chosen.add(candidates(name)[0] as string);
  }

  // A namespace stays a namespace when one package exports every member it uses.
  const singles = sites.map((site) => {
    if (!site.together || site.names.length === 0) return undefined;
    const common = site.names
      .map((name) => candidates(name))
      .reduce((shared, own) => shared.filter((pkg) => own.includes(pkg)));
    const single = preferred(common.filter((pkg) => chosen.has(pkg))) ?? preferred(common);
    if (single) chosen.add(single);
    return single;
  });

  // Names no chosen package exports: add the package that covers most of them, until none is left.
  for (;;) {
    const open = sites
      .filter((_, index) => singles[index] === undefined)
      .flatMap((site) => site.names)
      .filter((name) => candidates(name).length > 0 && !candidates(name).some((pkg) => chosen.has(pkg)));
    if (open.length === 0) break;
    const counts = new Map<string, number>();
    for (const name of open) for (const pkg of candidates(name)) counts.set(pkg, (counts.get(pkg) ?? 0) + 1);
    const most = Math.max(...counts.values());
    chosen.add(preferred([...counts].filter(([, count]) => count === most).map(([pkg]) => pkg)) as string);
  }

  return sites.map((site, index) => {
    const single = singles[index];
    const packages = new Map<string, string>();
    const unmapped: string[] = [];
    // Within a site, a shared name goes to a package the site's own names need, so the site splits less.
    const own = new Set(
      site.names.filter((name) => candidates(name).length === 1).map((name) => candidates(name)[0]),
    );
    for (const name of site.names) {
      const found = candidates(name);
      if (found.length === 0) unmapped.push(name);
      else
        packages.set(
          name,
          single ??
            preferred(found.filter((pkg) => own.has(pkg))) ??
            (preferred(found.filter((pkg) => chosen.has(pkg))) as string),
        );
    }
    return { packages, unmapped, ...(single ? { single } : {}) };
  });
}
