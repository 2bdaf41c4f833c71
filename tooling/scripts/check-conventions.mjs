#!/usr/bin/env node
// Checks every packages/* against the shared conventions; prints each violation and exits 1 on any.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkPackage, readChangesets } from './conventions.mjs';

const repoRoot = join(import.meta.dirname, '..', '..');
const packagesDir = join(repoRoot, 'packages');
const changesets = readChangesets(repoRoot);

const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
  .map((entry) => join(packagesDir, entry.name));

const violations = packages.flatMap((dir) => checkPackage(dir, { repoRoot, changesets }));
for (const { file, rule, message } of violations) console.error(`${file}: ${message} [${rule}]`);

if (violations.length > 0) {
  console.error(`conventions: ${violations.length} violation(s) in ${packages.length} packages`);
  process.exit(1);
}
console.log(`conventions: ${packages.length} packages ok`);
