// The whole suite in one vitest run: every package's and example's node and edge projects, plus the tooling's
// own tests.
// Projects are inline (extending each package's config) so that the node and edge runs of one package get
// distinct names, and so that each gets its own package version: the preset reads `package.json` from the
// working directory, which here is the repository root.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const variants = [
  { file: 'vitest.config.ts', suffix: '' },
  { file: 'vitest.edge.config.ts', suffix: ' (edge)' },
];

function packageProjects(folder) {
  const parent = join(root, folder);
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, 'package.json')))
    .flatMap((entry) => {
      const dir = join(parent, entry.name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return variants
        .filter((variant) => existsSync(join(dir, variant.file)))
        .map((variant) => ({
          extends: join(dir, variant.file),
          root: dir,
          define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
          test: { name: pkg.name + variant.suffix },
        }));
    });
}

export default defineConfig({
  test: {
    projects: [
      ...packageProjects('packages'),
      ...packageProjects('examples'),
      // The bundler matrix (tooling/bundlers): every bundle works as deployed.
      ...packageProjects('tooling'),
      join(root, 'tooling', 'vitest.config.mjs'),
    ],
  },
});
