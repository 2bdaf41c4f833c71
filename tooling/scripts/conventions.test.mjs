// Each convention is shown to reject a package that breaks it, starting from a fixture that passes them all.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../vitest/test-temporary-folder.ts';
import { checkPackage } from './conventions.mjs';

const fixture = join(import.meta.dirname, '__fixtures__', 'conventions');
// Returned by a mutation that wrote package.json itself, so the parsed manifest is not written back.
const OWN_MANIFEST = Symbol('own manifest');
let repoRoot;

/** A fresh copy of the fixture repository, changed by `mutate(dir, pkg)`; returns the violations found. */
function violationsAfter(mutate = () => {}) {
  repoRoot = temporaryFolder('conventions');
  cpSync(fixture, repoRoot, { recursive: true });
  const dir = join(repoRoot, 'packages', 'good');
  const manifest = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (mutate(dir, pkg) !== OWN_MANIFEST) writeFileSync(manifest, JSON.stringify(pkg));
  return checkPackage(dir, { repoRoot });
}

/** The rule ids broken after `mutate` (see violationsAfter). */
function rulesBrokenBy(mutate) {
  return [...new Set(violationsAfter(mutate).map((violation) => violation.rule))];
}

const write = (dir, file, text) => writeFileSync(join(dir, file), text);
const edit = (dir, file, change) => write(dir, file, change(readFileSync(join(dir, file), 'utf8')));
// TSDoc that the tsdoc rule accepts, for an export a test adds.
const DOCUMENTED = '/**\n * A value.\n *\n * @example\n * ```ts\n * answer; // 42\n * ```\n */\n';
// A second entry point, for the node export condition.
const withNodeEntry = (dir, text) => {
  edit(dir, 'tsup.config.ts', (config) =>
    config.replace('libraryConfig()', "libraryConfig({ entry: ['src/index.ts', 'src/index.node.ts'] })"),
  );
  write(dir, 'src/index.node.ts', `export * from './index.js';\n${text}`);
};
// A module under src/ that the entry point imports, as every module there must be.
const writeReached = (dir, file, text) => {
  write(dir, file, text);
  edit(
    dir,
    'src/index.ts',
    (index) => `${index}import './${file.slice('src/'.length, -'.ts'.length)}.js';\n`,
  );
};

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

  it('accepts an entry override with the entries built once into dist/shared.js', () => {
    const broken = rulesBrokenBy((dir) =>
      edit(dir, 'tsup.config.ts', (text) =>
        text.replace(
          'libraryConfig()',
          "libraryConfig({ entry: ['src/index.ts', 'src/cli.ts'], shared: ['src/index.ts'] })",
        ),
      ),
    );
    expect(broken).toEqual([]);
  });

  it('rejects any other option beside the entry override', () => {
    const broken = rulesBrokenBy((dir) =>
      edit(dir, 'tsup.config.ts', (text) =>
        text.replace('libraryConfig()', "libraryConfig({ entry: ['src/index.ts'], splitting: false })"),
      ),
    );
    expect(broken).toEqual(['tsup-config']);
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
    tests: (dir) => rmSync(join(dir, 'src', 'good-credential.test.ts')),
    'kebab-case': (dir) => writeReached(dir, 'src/clientSecret.ts', 'export {};\n'),
    'import-literal': (dir) =>
      writeReached(
        dir,
        'src/good-node.ts',
        "const specifier = 'node:fs';\nexport const fs = () => import(specifier);\n",
      ),
    changeset: (dir) => rmSync(join(dir, '..', '..', '.changeset', 'add-good.md')),
    'error-exports': (dir) => edit(dir, 'src/index.ts', (text) => text.replace('  NetworkError,\n', '')),
    tsdoc: (dir) => edit(dir, 'src/good-credential.ts', (text) => text.replace('@example', 'for instance')),
    'file-naming': (dir) => write(dir, 'src/credential.test.ts', 'export {};\n'),
    'test-helpers': (dir) => write(dir, 'src/good-test-support.ts', 'export const tenantId = "t";\n'),
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
    const withoutCredential = (dir) => {
      rmSync(join(dir, 'src', 'good-credential.ts'));
      rmSync(join(dir, 'src', 'good-credential-options.ts'));
      write(dir, 'src/index.ts', `${DOCUMENTED}export const answer = 42;\n`);
    };
    expect(rulesBrokenBy(withoutCredential)).toEqual([]);
  });

  describe('repository, homepage and bugs', () => {
    it('point at the repository the root package.json names, with the package in its folder', () => {
      repoRoot = temporaryFolder('conventions');
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
        writeReached(
          dir,
          'src/good-lazy.ts',
          "export const load = () => import('./index.js');\nexport const f = () => import(`node:fs`);\n",
        );
        writeReached(dir, 'src/good-types.ts', "export type Fs = typeof import('node:fs');\n");
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'a variable in a test',
      'src/good-credential.test.ts',
      "const name = 'oidc-provider';\nawait import(name);\n",
    ],
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
        (file.startsWith('src/') && !file.endsWith('.test.ts') ? writeReached : write)(dir, file, text);
      }),
    ).toEqual(['import-literal']);
  });

  it('says where the import is and what to do instead', () => {
    repoRoot = temporaryFolder('conventions');
    cpSync(fixture, repoRoot, { recursive: true });
    const dir = join(repoRoot, 'packages', 'good');
    writeReached(dir, 'src/good-node.ts', "export {};\nconst s = 'x';\nawait import(s);\n");
    const [violation] = checkPackage(dir, { repoRoot });
    expect(violation).toMatchObject({ file: 'packages/good/src/good-node.ts', rule: 'import-literal' });
    expect(violation?.message).toMatch(
      /^import\(\) at line 3: its specifier is not a string literal.*node export condition\.$/,
    );
  });

  it('lets only @identity/cache-persistence test against the peer (a devDependency, for its interop test)', () => {
    expect(
      rulesBrokenBy((_, pkg) => {
        pkg.name = '@identity/cache-persistence';
        pkg.devDependencies['@azure/identity'] = '1.0.0';
        pkg.devDependencies['@azure/identity-cache-persistence'] = '1.0.0';
      }).filter((rule) => rule === 'forbidden-dependency'),
    ).toEqual([]);
    expect(
      rulesBrokenBy((_, pkg) => {
        pkg.name = '@identity/cache-persistence';
        pkg.dependencies['@azure/identity'] = '1.0.0';
      }),
    ).toContain('forbidden-dependency');
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

describe('tsdoc: every export has TSDoc with a summary and an @example', () => {
  it('names the export, the entry that exports it, the file, and what its TSDoc lacks', () => {
    const noExample = (dir) =>
      edit(dir, 'src/good-credential.ts', (text) => text.replace('@example', 'for instance'));
    expect(violationsAfter(noExample)).toEqual([
      {
        file: 'packages/good/src/good-credential.ts',
        rule: 'tsdoc',
        message: 'GoodCredential (exported by src/index.ts) needs TSDoc with an @example',
      },
    ]);
    const noComment = (dir) =>
      write(dir, 'src/good-credential-options.ts', 'export interface GoodCredentialOptions {}\n');
    expect(violationsAfter(noComment).map((violation) => violation.message)).toEqual([
      'GoodCredentialOptions (exported by src/index.ts) needs TSDoc with a summary and an @example',
    ]);
    const exampleOnly = (dir) =>
      edit(dir, 'src/good-credential.ts', (text) =>
        text.replace(' * A credential that follows every convention.\n *\n', ''),
      );
    expect(violationsAfter(exampleOnly).map((violation) => violation.message)).toEqual([
      'GoodCredential (exported by src/index.ts) needs TSDoc with a summary',
    ]);
  });

  it('follows export * and every entry point, and reports each export once', () => {
    const violations = violationsAfter((dir) => {
      edit(dir, 'src/good-credential.ts', (text) => text.replace('@example', 'for instance'));
      write(dir, 'src/good-node.ts', 'export const nodeOnly = true;\n');
      withNodeEntry(dir, "export { nodeOnly } from './good-node.js';\n");
    });
    expect(violations.map((violation) => violation.message)).toEqual([
      'GoodCredential (exported by src/index.ts) needs TSDoc with an @example',
      'nodeOnly (exported by src/index.node.ts) needs TSDoc with a summary and an @example',
    ]);
  });

  it('leaves an export declared outside the package to the package that declares it', () => {
    const reexport = (dir) => {
      mkdirSync(join(dir, '..', 'other', 'src'), { recursive: true });
      write(join(dir, '..', 'other'), 'src/other.ts', 'export const other = 1;\n');
      edit(dir, 'src/index.ts', (text) => `${text}export { other } from '../../other/src/other.js';\n`);
    };
    expect(rulesBrokenBy(reexport)).toEqual([]);
  });
});

describe('file-naming: the public trio carries the package name; internals may be short', () => {
  const messages = (mutate) =>
    violationsAfter(mutate)
      .filter((violation) => violation.rule === 'file-naming')
      .map((violation) => `${violation.file}: ${violation.message}`);
  const moveCredential = (dir, to) => {
    cpSync(join(dir, 'src', 'good-credential.ts'), join(dir, 'src', to));
    rmSync(join(dir, 'src', 'good-credential.ts'));
    edit(dir, 'src/index.ts', (text) =>
      text.replace('./good-credential.js', `./${to.replace(/\.ts$/, '.js')}`),
    );
  };

  it('rejects a credential class in a file not named for the package, or without its options file', () => {
    expect(messages((dir) => moveCredential(dir, 'credential.ts'))).toEqual([
      "packages/good/src/credential.ts: GoodCredential must live in src/good-…-credential.ts (a node or browser entry's class in …-credential.node.ts or …-credential.browser.ts)",
    ]);
    const optionsElsewhere = (dir) => {
      cpSync(join(dir, 'src', 'good-credential-options.ts'), join(dir, 'src', 'options.ts'));
      rmSync(join(dir, 'src', 'good-credential-options.ts'));
      edit(dir, 'src/index.ts', (text) => text.replace('./good-credential-options.js', './options.js'));
      edit(dir, 'src/good-credential.ts', (text) =>
        text.replace('./good-credential-options.js', './options.js'),
      );
    };
    expect(messages(optionsElsewhere)).toEqual([
      "packages/good/src/good-credential.ts: GoodCredential's options belong in src/good-credential-options.ts",
    ]);
  });

  it('rejects a test file, in src/ or test/, that does not start with the package name', () => {
    const unprefixed = (dir) => {
      mkdirSync(join(dir, 'test'));
      write(dir, 'src/credential.test.ts', 'export {};\n');
      write(dir, 'test/flow.test.ts', 'export {};\n');
    };
    expect(messages(unprefixed)).toEqual([
      'packages/good/src/credential.test.ts: test file "credential.test.ts" must start with "good-"',
      'packages/good/test/flow.test.ts: test file "flow.test.ts" must start with "good-"',
    ]);
  });

  it("accepts the node entry's class in …-credential.node.ts, short internal names and prefixed tests", () => {
    const conventional = (dir) => {
      write(
        dir,
        'src/good-credential.node.ts',
        `import { GoodCredential as Portable } from './good-credential.js';\n${DOCUMENTED}export class GoodCredential extends Portable {}\n`,
      );
      withNodeEntry(dir, "export { GoodCredential } from './good-credential.node.js';\n");
      writeReached(dir, 'src/encoding.ts', 'export const utf8 = new TextEncoder();\n');
      mkdirSync(join(dir, 'test'));
      write(dir, 'src/good.test.ts', 'export {};\n');
      write(dir, 'test/good-flow.test.ts', 'export {};\n');
    };
    expect(rulesBrokenBy(conventional)).toEqual([]);
  });

  it('holds only credential classes users construct to the rule: not one exported as a type only', () => {
    const member = (exportKeyword) => (dir) => {
      write(dir, 'src/chain-member.ts', `${DOCUMENTED}export class MemberCredential {}\n`);
      edit(
        dir,
        'src/index.ts',
        (text) => `${text}${exportKeyword} { MemberCredential } from './chain-member.js';\n`,
      );
    };
    expect(rulesBrokenBy(member('export type'))).toEqual([]);
    expect(messages(member('export'))).toEqual([
      "packages/good/src/chain-member.ts: MemberCredential must live in src/good-…-credential.ts (a node or browser entry's class in …-credential.node.ts or …-credential.browser.ts)",
    ]);
  });
});

describe('test-helpers: every module under src/ is one an entry point reaches', () => {
  it('rejects a test helper under src/, even one an entry point imports (it would ship)', () => {
    expect(violationsAfter((dir) => writeReached(dir, 'src/good-test-support.ts', 'export {};\n'))).toEqual([
      {
        file: 'packages/good/src/good-test-support.ts',
        rule: 'test-helpers',
        message: 'a test helper: move it to test/, where no entry point can ship it',
      },
    ]);
  });

  it('rejects a module no entry point imports, whatever its name', () => {
    const unreached = (dir) => {
      write(dir, 'src/good-keys.ts', 'export const key = 1;\n');
      write(dir, 'src/good-credential.test.ts', "import { key } from './good-keys.js';\nexport { key };\n");
    };
    expect(violationsAfter(unreached)).toEqual([
      {
        file: 'packages/good/src/good-keys.ts',
        rule: 'test-helpers',
        message:
          'no entry point imports this module: move what only tests use to test/, delete what nothing uses',
      },
    ]);
  });

  it('accepts helpers in test/, modules reached through import(), declaration files and tests', () => {
    const conventional = (dir) => {
      mkdirSync(join(dir, 'test'));
      write(dir, 'test/good-test-support.ts', 'export const tenantId = "t";\n');
      write(
        dir,
        'src/good-credential.test.ts',
        "import { tenantId } from '../test/good-test-support.js';\nexport { tenantId };\n",
      );
      write(dir, 'src/good-lazy.ts', 'export {};\n');
      writeReached(dir, 'src/good-loader.ts', "export const load = () => import('./good-lazy.js');\n");
      write(dir, 'src/ambient.d.ts', 'declare const __BUILD__: boolean;\n');
    };
    expect(rulesBrokenBy(conventional)).toEqual([]);
  });
});
