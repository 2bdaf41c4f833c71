// Which source files the API reference documents, read from what each published package exports: every subpath
// of its `exports` map (the `node` condition's file too, where it differs), except `./package.json` and the
// entries whose `@packageDocumentation` comment says `@internal` (`@identity/core/internal` and friends).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// `./dist/index.node.js` (or `.cjs`, `.d.ts`) is built from `src/index.node.ts`.
function sourceOf(dir, target) {
  const stem = /^\.\/dist\/(.+?)\.(?:d\.)?c?[jt]s$/.exec(target)?.[1];
  const source = stem && join(dir, 'src', `${stem}.ts`);
  return source && existsSync(source) ? source : undefined;
}

// The `import` targets of one subpath's conditions: `{ node: { import: ... }, import: ... }` or the flat form.
function importTargets(conditions) {
  if (typeof conditions === 'string') return { default: conditions };
  const pick = (value) => (typeof value === 'string' ? value : (value?.import?.default ?? value?.import));
  return { node: pick(conditions.node), default: pick(conditions) };
}

/** An entry that says of itself that it is internal: `@internal` in its leading `@packageDocumentation` comment. */
export function isInternalEntry(source) {
  const leading = /^\s*\/\*\*([\s\S]*?)\*\//.exec(readFileSync(source, 'utf8'))?.[1] ?? '';
  return leading.includes('@packageDocumentation') && leading.includes('@internal');
}

/**
 * Every public entry of every published package under `packagesDir`, as
 * `{ packageName, specifier, source, condition }` (`condition` is `'node'` for a Node-only variant of an entry,
 * else `undefined`), `@identity/core` first (TypeDoc documents a re-exported type in the first entry that exports
 * it, and the others link there), then in package and subpath order.
 */
export function publicEntries(packagesDir) {
  const entries = [];
  const folders = readdirSync(packagesDir).sort((a, b) =>
    a === 'core' ? -1 : b === 'core' ? 1 : a < b ? -1 : 1,
  );
  for (const folder of folders) {
    const manifestPath = join(packagesDir, folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private || !manifest.exports) continue;
    const dir = join(packagesDir, folder);
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      if (subpath === './package.json') continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      const targets = importTargets(conditions);
      const portable = targets.default && sourceOf(dir, targets.default);
      const node = targets.node && sourceOf(dir, targets.node);
      for (const [source, condition] of [
        [portable, undefined],
        [node !== portable ? node : undefined, 'node'],
      ]) {
        if (source && !isInternalEntry(source))
          entries.push({ packageName: manifest.name, specifier, source, condition });
      }
    }
  }
  return entries;
}

/**
 * TypeScript `paths` that resolve every `@identity/*` specifier to its source (the portable entry), so the API
 * reference reads one program of sources and links a re-exported type to the page of the package declaring it.
 */
export function sourcePaths(packagesDir) {
  const paths = {};
  for (const folder of readdirSync(packagesDir).sort()) {
    const manifestPath = join(packagesDir, folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const dir = join(packagesDir, folder);
    for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
      const target = importTargets(conditions).default;
      const source = target && sourceOf(dir, target);
      if (!source) continue;
      paths[subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`] = [source];
    }
  }
  return paths;
}
