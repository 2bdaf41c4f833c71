#!/usr/bin/env node
// Creates a package with the shape every @identity package shares, so no one writes a package.json by hand.
// Usage: node tooling/scripts/new-package.mjs <dir> "<description>" [--node-only]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

export function packageJson(name, desc) {
  return {
    name,
    version: '0.1.0',
    description: desc,
    license: 'MIT',
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
    dependencies: dir === 'core' ? {} : { '@identity/core': 'workspace:*' },
    devDependencies: { '@identity/tooling': 'workspace:*' },
  };
}

mkdirSync(join(root, 'src'), { recursive: true });
writeFileSync(join(root, 'package.json'), `${JSON.stringify(packageJson(`@identity/${dir}`, description), null, 2)}\n`);
writeFileSync(join(root, 'tsconfig.json'), `{\n  "extends": "@identity/tooling/tsconfig.json",\n  "include": ["src", "test"]\n}\n`);
writeFileSync(
  join(root, 'tsup.config.ts'),
  `import { libraryConfig } from '@identity/tooling/tsup';\nimport { defineConfig } from 'tsup';\n\nexport default defineConfig(libraryConfig());\n`,
);
writeFileSync(
  join(root, 'vitest.config.ts'),
  `import { testConfig } from '@identity/tooling/vitest';\nimport { defineConfig } from 'vitest/config';\n\nexport default defineConfig(testConfig());\n`,
);
const nodeOnly = flags.includes('--node-only');
writeFileSync(
  join(root, 'README.md'),
  `# @identity/${dir}\n\n${description}\n\n## Install\n\n\`\`\`sh\nnpm install @identity/${dir}\n\`\`\`\n\n## Usage\n\n## Options\n\n## Environment variables\n\n## Runtime support\n\n${nodeOnly ? 'Node.js only.' : 'Node.js >= 20, Deno, Bun, Cloudflare Workers, Vercel Edge and browsers.'}\n\n## Position in the default chain\n\n## Dependencies\n`,
);
writeFileSync(join(root, 'src', 'index.ts'), '');
console.log(`created packages/${dir}`);
