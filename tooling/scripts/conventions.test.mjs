// Each convention is shown to reject a package that breaks it, starting from a fixture that passes them all.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPackage } from './conventions.mjs';

const fixture = join(import.meta.dirname, '__fixtures__', 'conventions');
// Returned by a mutation that wrote package.json itself, so the parsed manifest is not written back.
const OWN_MANIFEST = Symbol('own manifest');
let repoRoot;

/** A fresh copy of the fixture repository, changed by `mutate(dir, pkg)`; returns the rule ids broken. */
function rulesBrokenBy(mutate = () => {}) {
  repoRoot = mkdtempSync(join(tmpdir(), 'conventions-'));
  cpSync(fixture, repoRoot, { recursive: true });
  const dir = join(repoRoot, 'packages', 'good');
  const manifest = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (mutate(dir, pkg) !== OWN_MANIFEST) writeFileSync(manifest, JSON.stringify(pkg));
  return [...new Set(checkPackage(dir, { repoRoot }).map((violation) => violation.rule))];
}

const write = (dir, file, text) => writeFileSync(join(dir, file), text);
const edit = (dir, file, change) => write(dir, file, change(readFileSync(join(dir, file), 'utf8')));

afterEach(() => rmSync(repoRoot, { recursive: true, force: true }));

describe('checkPackage', () => {
  it('accepts a package that follows every convention', () => {
    expect(rulesBrokenBy()).toEqual([]);
  });

  it('accepts a tsup entry override', () => {
    const broken = rulesBrokenBy((dir) =>
      edit(dir, 'tsup.config.ts', (text) =>
        text.replace('libraryConfig()', "libraryConfig({ entry: ['src/index.ts', 'src/cli.ts'] })"),
      ),
    );
    expect(broken).toEqual([]);
  });

  it('accepts an entry override the formatter wrapped over several lines', () => {
    const broken = rulesBrokenBy((dir) =>
      edit(dir, 'tsup.config.ts', (text) =>
        text.replace(
          'defineConfig(libraryConfig());',
          "defineConfig(\n  libraryConfig({ entry: ['src/index.ts', 'src/cli.ts'] }),\n);",
        ),
      ),
    );
    expect(broken).toEqual([]);
  });

  it('does not ask a private package for a changeset, nor a released one', () => {
    expect(
      rulesBrokenBy((dir, pkg) => {
        pkg.private = true;
        rmSync(join(dir, '..', '..', '.changeset'), { recursive: true });
      }),
    ).toEqual([]);
    expect(
      rulesBrokenBy((dir) => {
        write(dir, 'CHANGELOG.md', '# @identity/good\n');
        rmSync(join(dir, '..', '..', '.changeset'), { recursive: true });
      }),
    ).toEqual([]);
  });

  const cases = {
    'package-json': (dir) => {
      write(dir, 'package.json', 'not json');
      return OWN_MANIFEST;
    },
    'type-module': (_, pkg) => {
      pkg.type = 'commonjs';
    },
    'side-effects': (_, pkg) => {
      delete pkg.sideEffects;
    },
    'exports-dot': (_, pkg) => {
      delete pkg.exports['.'].require;
    },
    'exports-order': (_, pkg) => {
      pkg.exports['.'].import = { default: './dist/index.js', types: './dist/index.d.ts' };
    },
    'exports-package-json': (_, pkg) => {
      delete pkg.exports['./package.json'];
    },
    'files-dist': (_, pkg) => {
      pkg.files = ['README.md'];
    },
    'files-no-sources': (_, pkg) => {
      pkg.files.push('src');
    },
    'engines-node': (_, pkg) => {
      pkg.engines.node = '>=18';
    },
    'publish-access': (_, pkg) => {
      delete pkg.publishConfig;
    },
    license: (_, pkg) => {
      pkg.license = 'ISC';
    },
    version: (_, pkg) => {
      delete pkg.version;
    },
    description: (_, pkg) => {
      pkg.description = ' ';
    },
    scripts: (_, pkg) => {
      delete pkg.scripts['check:package'];
    },
    'workspace-protocol': (_, pkg) => {
      pkg.dependencies['@identity/core'] = '^0.1.0';
    },
    'repository-links': (_, pkg) => {
      delete pkg.bugs;
    },
    readme: (dir) => rmSync(join(dir, 'README.md')),
    'readme-headings': (dir) =>
      edit(dir, 'README.md', (text) => text.replace('## Runtime support', '## Runtimes')),
    'src-index': (dir) => rmSync(join(dir, 'src', 'index.ts')),
    tsconfig: (dir) => write(dir, 'tsconfig.json', '{ "compilerOptions": { "strict": true } }'),
    'tsup-config': (dir) =>
      edit(dir, 'tsup.config.ts', (text) =>
        text.replace('libraryConfig()', "{ ...libraryConfig(), format: ['esm'] }"),
      ),
    'vitest-config': (dir) =>
      edit(dir, 'vitest.config.ts', (text) => text.replace('testConfig()', 'testConfig({ testTimeout: 1 })')),
    tests: (dir) => rmSync(join(dir, 'src', 'index.test.ts')),
    'kebab-case': (dir) => write(dir, 'src/clientSecret.ts', 'export {};\n'),
    'import-literal': (dir) =>
      write(
        dir,
        'src/good-node.ts',
        "const specifier = 'node:fs';\nexport const fs = () => import(specifier);\n",
      ),
    changeset: (dir) => rmSync(join(dir, '..', '..', '.changeset', 'add-good.md')),
    'error-exports': (dir) => edit(dir, 'src/index.ts', (text) => text.replace('  NetworkError,\n', '')),
  };

  it.each(Object.entries(cases))('rejects a package that breaks %s', (rule, mutate) => {
    expect(rulesBrokenBy(mutate)).toEqual([rule]);
  });

  it('asks a credential package for exactly the error family: none missing, none added', () => {
    const withExtra = (dir) =>
      edit(dir, 'src/index.ts', (text) =>
        text.replace('  NetworkError,\n', '  NetworkError,\n  IdentityError,\n'),
      );
    expect(rulesBrokenBy(withExtra)).toEqual(['error-exports']);
    // Followed through `export *`, as the default package's entries re-export a shared file.
    const viaLocalFile = (dir) => {
      write(dir, 'src/exports.ts', readFileSync(join(dir, 'src', 'index.ts'), 'utf8'));
      write(dir, 'src/index.ts', "export * from './exports.js';\n");
    };
    expect(rulesBrokenBy(viaLocalFile)).toEqual([]);
    // A package without a credential (a CLI, an emulator) has no errors to re-export.
    expect(rulesBrokenBy((dir) => write(dir, 'src/index.ts', 'export const answer = 42;\n'))).toEqual([]);
  });

  describe('repository, homepage and bugs', () => {
    it('point at the repository the root package.json names, with the package in its folder', () => {
      repoRoot = mkdtempSync(join(tmpdir(), 'conventions-'));
      cpSync(fixture, repoRoot, { recursive: true });
      const dir = join(repoRoot, 'packages', 'good');
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      pkg.repository.directory = 'packages/other';
      pkg.homepage = 'https://example.com';
      writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
      expect(checkPackage(dir, { repoRoot }).map(({ rule, message }) => `${rule}: ${message}`)).toEqual([
        'repository-links: repository must be {"type":"git","url":"git+https://github.com/example/fixture.git","directory":"packages/good"}',
        'repository-links: homepage must be "https://github.com/example/fixture/tree/main/packages/good#readme"',
      ]);
    });

    it.each([
      [
        'a repository given as a string',
        (_, pkg) => {
          pkg.repository = 'github:example/fixture';
        },
      ],
      [
        'another repository',
        (_, pkg) => {
          pkg.repository.url = 'git+https://github.com/someone/else.git';
        },
      ],
      [
        'an issue tracker elsewhere',
        (_, pkg) => {
          pkg.bugs = { url: 'https://example.com/issues' };
        },
      ],
      [
        'no homepage',
        (_, pkg) => {
          delete pkg.homepage;
        },
      ],
    ])('rejects %s', (_label, mutate) => {
      expect(rulesBrokenBy(mutate)).toEqual(['repository-links']);
    });

    it('accepts the fields in any key order', () => {
      const reordered = (_, pkg) => {
        const { directory, url, type } = pkg.repository;
        pkg.repository = { directory, url, type };
      };
      expect(rulesBrokenBy(reordered)).toEqual([]);
    });

    it('asks the root package.json to name the repository', () => {
      const rootless = (dir) => writeFileSync(join(dir, '..', '..', 'package.json'), '{ "private": true }');
      expect(rulesBrokenBy(rootless)).toEqual(['repository-links']);
    });
  });

  it('accepts import() of a string literal, also in a test, and with a type-only import()', () => {
    expect(
      rulesBrokenBy((dir) => {
        write(
          dir,
          'src/good-lazy.ts',
          "export const load = () => import('./index.js');\nexport const f = () => import(`node:fs`);\n",
        );
        write(dir, 'src/good-types.ts', "export type Fs = typeof import('node:fs');\n");
      }),
    ).toEqual([]);
  });

  it.each([
    ['a variable in a test', 'src/index.test.ts', "const name = 'oidc-provider';\nawait import(name);\n"],
    [
      'a template with a substitution',
      'src/good-lazy.ts',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template literal.
      'export const f = (n: string) => import(`./${n}.js`);\n',
    ],
    [
      'a literal a bundler is told to skip',
      'src/good-lazy.ts',
      "export const f = () => import(/* webpackIgnore: true */ 'x');\n",
    ],
    [
      'a literal Vite is told to skip',
      'src/good-lazy.ts',
      "export const f = () => import(/* @vite-ignore */ 'x');\n",
    ],
    ['one in a test folder', 'test/good.test.ts', "const name = 'x';\nawait import(name);\n"],
  ])('rejects import() of %s', (_name, file, text) => {
    expect(
      rulesBrokenBy((dir) => {
        mkdirSync(join(dir, 'test'), { recursive: true });
        write(dir, file, text);
      }),
    ).toEqual(['import-literal']);
  });

  it('says where the import is and what to do instead', () => {
    repoRoot = mkdtempSync(join(tmpdir(), 'conventions-'));
    cpSync(fixture, repoRoot, { recursive: true });
    const dir = join(repoRoot, 'packages', 'good');
    write(dir, 'src/good-node.ts', "export {};\nconst s = 'x';\nawait import(s);\n");
    const [violation] = checkPackage(dir, { repoRoot });
    expect(violation).toMatchObject({ file: 'packages/good/src/good-node.ts', rule: 'import-literal' });
    expect(violation?.message).toMatch(
      /^import\(\) at line 3: its specifier is not a string literal.*node export condition\.$/,
    );
  });

  it.each(['@azure/identity', '@azure/msal-node', 'msal', 'axios', 'uuid', 'jsonwebtoken'])(
    'rejects a dependency on %s',
    (name) => {
      expect(
        rulesBrokenBy((_, pkg) => {
          pkg.devDependencies[name] = '1.0.0';
        }),
      ).toEqual(['forbidden-dependency']);
    },
  );
});
