import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_TABLE, TABLE_WITH_PERSISTENCE } from '../test/cli-migrate-table.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-io.js';
import { runCli } from './cli-main.js';
import { migrateCommand } from './cli-migrate-command.js';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const MANIFEST = `${JSON.stringify({ name: 'app', dependencies: { '@azure/identity': '^4.5.0' } }, null, 2)}\n`;
const APP = [
  '// The app.',
  "import { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity';",
  '',
  "export const provider = getBearerTokenProvider(new DefaultAzureCredential(), 'scope');",
  '',
].join('\n');

function capture(overrides: Partial<CliIo['stdout']> = {}, env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (out.stdout += text), ...overrides },
    stderr: { write: (text: string) => (out.stderr += text) },
    env,
    cwd: root,
  };
  return { io, out };
}

const migrate = (args: string[], captured = capture()) =>
  migrateCommand(args, captured.io, { table: EXAMPLE_TABLE }).then((code) => ({ code, ...captured.out }));

beforeEach(() => {
  root = realpathSync(temporaryFolder('migrate-command'));
  write('package.json', MANIFEST);
  write('src/app.ts', APP);
  write('src/untouched.ts', "export const answer = 42; // not about '@azure/identity' at all\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('identity migrate', () => {
  it('--dry-run prints the diff of every file it would change and writes nothing', async () => {
    const { code, stdout } = await migrate(['--dry-run']);
    expect(code).toBe(0);
    expect(read('src/app.ts')).toBe(APP);
    expect(read('package.json')).toBe(MANIFEST);
    expect(stdout).toContain(
      [
        '--- a/src/app.ts',
        '+++ b/src/app.ts',
        '@@ -1,4 +1,5 @@',
        ' // The app.',
        "-import { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity';",
        "+import { DefaultAzureCredential } from '@identity/default';",
        "+import { getBearerTokenProvider } from '@identity/core';",
      ].join('\n'),
    );
    expect(stdout).toContain('--- a/package.json');
    expect(stdout).toContain('-    "@azure/identity": "^4.5.0"');
    expect(stdout).toMatch(
      /Would change 2 files \(dry run: nothing written\):\n {2}package\.json +\+@identity\/core@\^0\.1\.0/,
    );
    expect(stdout).not.toContain('untouched.ts');
  });

  it('writes the changes, and a second run finds nothing to do', async () => {
    const first = await migrate([]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Changed 2 files:\n {2}package\.json {2}\+@identity\/core@\^0\.1\.0 \(dependencies\), \+@identity\/default@\^0\.1\.0 \(dependencies\), -@azure\/identity \(dependencies\)\n {2}src\/app\.ts {4}@identity\/core, @identity\/default\nThen install the packages package\.json now names, with your package manager \(npm install, pnpm install or yarn\)\.\n$/,
    );
    expect(read('src/app.ts')).toBe(
      APP.replace(
        "import { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity';",
        "import { DefaultAzureCredential } from '@identity/default';\nimport { getBearerTokenProvider } from '@identity/core';",
      ),
    );
    expect(JSON.parse(read('package.json')).dependencies).toEqual({
      '@identity/core': '^0.1.0',
      '@identity/default': '^0.1.0',
    });
    expect(read('src/untouched.ts')).toMatch(/^export const answer/);

    const second = await migrate(['src']);
    expect(second).toMatchObject({ code: 0, stdout: 'Nothing to change (2 source files read).\n' });
  });

  it('asks for an install only when it wrote a package.json', async () => {
    const dry = await migrate(['--dry-run']);
    expect(dry.stdout).not.toContain('Then install');
    write(
      'sub/package.json',
      `${JSON.stringify({ name: 'sub', dependencies: { '@identity/default': '^0.1.0' } })}\n`,
    );
    write('sub/app.ts', "import { DefaultAzureCredential } from '@azure/identity';\n");
    rmSync(join(root, 'src'), { recursive: true });
    const sourcesOnly = await migrate(['sub']);
    expect(sourcesOnly.stdout).toMatch(/^Changed 1 file:\n {2}sub\/app\.ts {2}@identity\/default\n$/);
  });

  it('shows control characters in file names escaped, so a file name cannot drive the terminal', async () => {
    write('src/\u001b]0;owned\u0007.ts', "import { AzureCliCredential } from '@azure/identity';\n");
    write('src/\u001b[2Jleft.ts', "import { useIdentityPlugin } from '@azure/identity';\n");
    const { stdout } = await migrate([]);
    expect(stdout).toContain('src/\\u001b]0;owned\\u0007.ts');
    expect(stdout).toContain('src/\\u001b[2Jleft.ts:1');
    expect(stdout).not.toContain('\u001b');
    expect(stdout).not.toContain('\u0007');
  });

  it('exits 3 and lists what is left to do by hand, keeping @azure/identity while it is imported', async () => {
    write(
      'src/plugin.ts',
      "import { useIdentityPlugin } from '@azure/identity';\nuseIdentityPlugin(plugin);\n",
    );
    const { code, stdout } = await migrate([]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/Left to do by hand \(1\):\nwhere +what +why +what to do\n/);
    expect(stdout).toMatch(/^src\/plugin\.ts:1 +useIdentityPlugin +@identity has no plugin registry/m);
    expect(JSON.parse(read('package.json')).dependencies['@azure/identity']).toBe('^4.5.0');
  });

  it('moves @azure/identity-cache-persistence to @identity/cache-persistence, in the code and in package.json', async () => {
    write(
      'package.json',
      `${JSON.stringify({ name: 'app', dependencies: { '@azure/identity': '^4.5.0', '@azure/identity-cache-persistence': '^1.2.0' } }, null, 2)}\n`,
    );
    write(
      'src/cache.ts',
      "import { useIdentityPlugin } from '@azure/identity';\nimport { cachePersistencePlugin } from '@azure/identity-cache-persistence';\n\nuseIdentityPlugin(cachePersistencePlugin);\n",
    );
    const captured = capture();
    const code = await migrateCommand([], captured.io, { table: TABLE_WITH_PERSISTENCE });
    expect(captured.out.stderr).toBe('');
    expect(code).toBe(0);
    expect(read('src/cache.ts')).toBe(
      "import { useIdentityPlugin } from '@identity/core';\nimport { cachePersistencePlugin } from '@identity/cache-persistence';\n\nuseIdentityPlugin(cachePersistencePlugin);\n",
    );
    expect(JSON.parse(read('package.json')).dependencies).toEqual({
      '@identity/cache-persistence': '^0.1.0',
      '@identity/core': '^0.1.0',
      '@identity/default': '^0.1.0',
    });
    expect(captured.out.stdout).toMatch(/-@azure\/identity-cache-persistence \(dependencies\)/);
  });

  it('keeps @azure/identity while files this run did not migrate import it, and names them', async () => {
    write('src/other.ts', "import { AzureCliCredential } from '@azure/identity';\n");
    write(
      'src/View.vue',
      '<script setup lang="ts">\nimport { AzureCliCredential } from \'@azure/identity\';\n</script>\n',
    );
    const { code, stdout } = await migrate(['src/app.ts']);
    expect(code).toBe(3);
    expect(read('src/other.ts')).toContain("'@azure/identity'");
    expect(JSON.parse(read('package.json')).dependencies['@azure/identity']).toBe('^4.5.0');
    expect(stdout).toMatch(
      /^package\.json +@azure\/identity +kept: src\/View\.vue, src\/other\.ts still import it/m,
    );
  });

  it('fits the table of what is left in the terminal', async () => {
    write(
      'src/plugin.ts',
      "import { useIdentityPlugin, VisualStudioCodeCredential } from '@azure/identity';\n",
    );
    const { stdout } = await migrate(['--dry-run'], capture({ isTTY: true, columns: 72 }, { NO_COLOR: '1' }));
    const table = stdout.slice(stdout.indexOf('Left to do by hand')).split('\n');
    expect(table.length).toBeGreaterThan(6);
    for (const line of table) expect(line.length).toBeLessThanOrEqual(72);
  });

  it('--json prints one object: the changes (with diffs on a dry run) and what is left', async () => {
    write('src/later.ts', "export * from '@azure/identity';\n");
    const { code, stdout } = await migrate(['--json', '--dry-run']);
    expect(code).toBe(3);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ dryRun: true, scanned: 3, notFollowed: [] });
    expect(report.changes.map((change: { file: string }) => change.file)).toEqual([
      'package.json',
      'src/app.ts',
    ]);
    expect(report.changes[1].diff).toMatch(/^--- a\/src\/app\.ts\n/);
    expect(report.todo).toEqual([
      {
        file: 'src/later.ts',
        line: 1,
        subject: "export * from '@azure/identity'",
        reason: expect.any(String),
        step: expect.any(String),
      },
    ]);
  });

  it('colours the diff on a terminal, and not with NO_COLOR', async () => {
    const coloured = await migrate(['--dry-run'], capture({ isTTY: true }));
    expect(coloured.stdout).toContain(
      "\x1b[32m+import { getBearerTokenProvider } from '@identity/core';\x1b[39m",
    );
    const plain = await migrate(['--dry-run'], capture({ isTTY: true }, { NO_COLOR: '1' }));
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('says what to run when ts-morph is not installed, and exits 1', async () => {
    const captured = capture();
    const missing = Object.assign(new Error("Cannot find package 'ts-morph'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const code = await migrateCommand(['src'], captured.io, {
      table: EXAMPLE_TABLE,
      loadEngine: () => Promise.reject(missing),
    });
    expect(code).toBe(1);
    expect(captured.out.stderr).toMatch(/^identity migrate: identity migrate needs ts-morph/);
    expect(captured.out.stderr).toContain('npx -p @identity/cli -p ts-morph@28 identity migrate src');
    expect(read('src/app.ts')).toBe(APP);
  });

  it('reports a package.json it cannot read, and still migrates the sources', async () => {
    write('package.json', '{ "dependencies": ');
    const { code, stdout } = await migrate([]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^package\.json +package\.json +it is not valid JSON/m);
    expect(read('src/app.ts')).toContain("from '@identity/default'");
  });

  it('leaves a file that is not UTF-8 byte for byte, and says so (decoding it would replace its bytes)', async () => {
    const latin1 = Buffer.from(
      "import { DefaultAzureCredential } from '@azure/identity';\n// caf\xe9\n",
      'latin1',
    );
    writeFileSync(join(root, 'src/app.ts'), latin1);
    const { code, stdout } = await migrate(['--json']);
    expect(code).toBe(3);
    expect(readFileSync(join(root, 'src/app.ts'))).toEqual(latin1);
    const report = JSON.parse(stdout);
    expect(report.todo).toContainEqual(
      expect.objectContaining({ file: 'src/app.ts', line: 2, subject: 'not UTF-8' }),
    );
    // Not migrated: @azure/identity stays, and so does the file's peer.
    expect(read('package.json')).toBe(MANIFEST);
  });

  it('keeps @azure/identity while a file imports a file inside it, and says so', async () => {
    write(
      'src/deep.ts',
      "import { AzureAuthorityHosts } from '@azure/identity/dist/commonjs/constants.js';\n",
    );
    write('src/view.vue', "<script>import x from '@azure/identity/dist/x.js';</script>\n");
    const { code, stdout } = await migrate(['--json', 'src/app.ts', 'src/deep.ts']);
    expect(code).toBe(3);
    expect(read('package.json')).toContain('"@azure/identity"');
    const report = JSON.parse(stdout);
    expect(report.todo).toContainEqual(
      expect.objectContaining({
        file: 'src/deep.ts',
        line: 1,
        subject: "'@azure/identity/dist/commonjs/constants.js'",
      }),
    );
    expect(report.todo).toContainEqual(
      expect.objectContaining({ file: 'package.json', reason: expect.stringContaining('src/view.vue') }),
    );
  });

  it('rewrites a file that starts with a byte order mark, keeping the mark', async () => {
    write('src/app.ts', `\uFEFF${APP}`);
    expect((await migrate([])).code).toBe(0);
    expect(read('src/app.ts')).toMatch(
      /^\uFEFF\/\/ The app\.\nimport \{ DefaultAzureCredential \} from '@identity\/default';\n/,
    );
  });

  it('keeps @azure/identity while a symbolic link it did not follow may import it, and says so', async () => {
    const elsewhere = realpathSync(temporaryFolder('migrate-elsewhere'));
    try {
      writeFileSync(join(elsewhere, 'shared.ts'), "import { AzureCliCredential } from '@azure/identity';\n");
      symlinkSync(join(elsewhere, 'shared.ts'), join(root, 'src/shared.ts'));
      symlinkSync(elsewhere, join(root, 'src/shared'), 'dir');
      const { code, stdout } = await migrate(['--json']);
      expect(code).toBe(3);
      expect(read('src/app.ts')).toContain("from '@identity/default'");
      expect(JSON.parse(read('package.json')).dependencies).toHaveProperty(['@azure/identity']);
      expect(JSON.parse(stdout).todo).toContainEqual(
        expect.objectContaining({
          file: 'package.json',
          subject: '@azure/identity',
          reason: expect.stringContaining('src/shared, src/shared.ts'),
        }),
      );
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses paths outside the project, as a usage error (exit 2, unlike items left by hand)', async () => {
    await expect(migrate(['../'])).rejects.toThrow(CliUsageError);
    const captured = capture();
    expect(await runCli(['migrate', '--in-place'], captured.io)).toBe(2);
    expect(captured.out.stderr).toMatch(/Unknown option '--in-place'.*See 'identity migrate --help'/);
  });

  it('has help', async () => {
    const { code, stdout } = await migrate(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: identity migrate \[paths\.\.\.\] \[options\]/);
  });
});
