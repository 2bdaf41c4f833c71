#!/usr/bin/env node
// Creates a package with the shape every @identity package shares, so no one writes a package.json by hand.
// Usage: node tooling/scripts/new-package.mjs <dir> "<description>" [--node-only]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  packageJson,
  projectLinks,
  readme,
  TSCONFIG,
  TSUP_CONFIG,
  VITEST_CONFIG,
} from './package-templates.mjs';

const [dir, description, ...flags] = process.argv.slice(2);
if (!dir || !description || !/^[a-z][a-z0-9-]*$/.test(dir)) {
  console.error('usage: new-package.mjs <kebab-case-dir> "<description>" [--node-only]');
  process.exit(2);
}
const root = join(import.meta.dirname, '..', '..', 'packages', dir);
if (existsSync(root)) {
  console.error(`packages/${dir} already exists`);
  process.exit(2);
}

const name = `@identity/${dir}`;
const rootPackage = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
const links = projectLinks(rootPackage, `packages/${dir}`);
mkdirSync(join(root, 'src'), { recursive: true });
writeFileSync(
  join(root, 'package.json'),
  `${JSON.stringify(packageJson(name, description, links), null, 2)}\n`,
);
writeFileSync(join(root, 'tsconfig.json'), TSCONFIG);
writeFileSync(join(root, 'tsup.config.ts'), TSUP_CONFIG);
writeFileSync(join(root, 'vitest.config.ts'), VITEST_CONFIG);
writeFileSync(join(root, 'README.md'), readme(name, description, flags.includes('--node-only')));
writeFileSync(join(root, 'src', 'index.ts'), '');
console.log(`created packages/${dir}`);
