// The files every @identity package shares, in one place: the generator writes them and the convention
// checker compares against them, so the two can never drift apart.

export const TSCONFIG_EXTENDS = '@identity/tooling/tsconfig.json';

export const TSCONFIG = `{\n  "extends": "${TSCONFIG_EXTENDS}",\n  "include": ["src", "test"]\n}\n`;

export const TSUP_CONFIG = `import { libraryConfig } from '@identity/tooling/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(libraryConfig());
`;

export const VITEST_CONFIG = `import { testConfig } from '@identity/tooling/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(testConfig());
`;

export const README_HEADINGS = [
  '## Environment variables',
  '## Runtime support',
  '## Position in the default chain',
];

/**
 * Where a package's repository, home page and issue tracker are, from the repository the root `package.json` names
 * (`repository.url`, in npm's `git+https://host/owner/repo.git` form): the same shape for every package, its own
 * folder in `repository.directory` and its README as its home page. `undefined` when the root names no repository.
 *
 * @param {{ repository?: { url?: string } }} rootPackage the root package.json
 * @param {string} directory the package's folder, relative to the root (`packages/core`)
 */
export function projectLinks(rootPackage, directory) {
  const url = rootPackage.repository?.url;
  if (typeof url !== 'string') return undefined;
  const web = url.replace(/^git\+/, '').replace(/\.git$/, '');
  return {
    repository: { type: 'git', url, directory },
    homepage: `${web}/tree/main/${directory}#readme`,
    bugs: { url: `${web}/issues` },
  };
}

export function packageJson(name, description, links) {
  return {
    name,
    version: '0.1.0',
    description,
    license: 'MIT',
    ...links,
    type: 'module',
    sideEffects: false,
    exports: {
      '.': {
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
      './package.json': './package.json',
    },
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.ts',
    files: ['dist', 'README.md'],
    engines: { node: '>=20' },
    publishConfig: { access: 'public' },
    scripts: {
      build: 'tsup',
      typecheck: 'tsc --noEmit',
      test: 'vitest run',
      'check:package': 'publint --strict && attw --pack . --profile node16',
    },
    dependencies: name === '@identity/core' ? {} : { '@identity/core': 'workspace:*' },
    devDependencies: { '@identity/tooling': 'workspace:*' },
  };
}

export function readme(name, description, nodeOnly) {
  const runtimes = nodeOnly
    ? 'Node.js only.'
    : 'Node.js >= 20, Deno, Bun, Cloudflare Workers, Vercel Edge and browsers.';
  return `# ${name}\n\n${description}\n\n## Install\n\n\`\`\`sh\nnpm install ${name}\n\`\`\`\n\n## Usage\n\n## Options\n\n${README_HEADINGS[0]}\n\n${README_HEADINGS[1]}\n\n${runtimes}\n\n${README_HEADINGS[2]}\n\n## Dependencies\n`;
}
