// An app that uses keyringProtection, bundled into one file as deployed: @napi-rs/keyring's native binary cannot
// be inside a bundle (esbuild has no loader for `.node` files), so the app bundles with
// `--external:@napi-rs/keyring` and ships the binding beside it. Without it the app gets the clear error that names
// the fix, not a crash; with it, the binding loads and the app goes on to the secret store.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundledApp } from '@identity/tooling/test-bundled-app';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const APP = `import { keyringProtection } from '@identity/cache-persistence';
async function main() {
  try {
    const protection = await keyringProtection('bundle.cache', { timeoutInMs: 5000 });
    return { description: protection.description };
  } catch (error) {
    return { name: error.name, message: error.message };
  }
}`;

// @napi-rs/keyring and the one of its platform packages that is installed here, as an app would deploy them.
function bindingFolders(): Record<string, string> {
  const keyring = dirname(createRequire(`${packageDir}/`).resolve('@napi-rs/keyring/package.json'));
  const fromKeyring = createRequire(`${keyring}/`);
  const { optionalDependencies } = fromKeyring('./package.json') as {
    optionalDependencies: Record<string, string>;
  };
  const platform = Object.keys(optionalDependencies).flatMap((name) => {
    try {
      return [[name, dirname(fromKeyring.resolve(`${name}/package.json`))] as const];
    } catch {
      return [];
    }
  });
  return { '@napi-rs/keyring': keyring, ...Object.fromEntries(platform) };
}

describe.each(['esm', 'cjs'] as const)('an app bundled into one %s file', (format) => {
  const run = (nodeModules?: Record<string, string>) =>
    runBundledApp({
      source: APP,
      resolveDir: packageDir,
      format,
      external: ['@napi-rs/keyring'],
      nodeModules,
    });

  it('without @napi-rs/keyring beside it, refuses with the error that names the fix', async () => {
    const result = (await run()) as { name: string; message: string };
    expect(result.name).toBe('CredentialUnavailableError');
    expect(result.message).toContain('@napi-rs/keyring, is not installed beside the app');
    expect(result.message).toContain('--external:@napi-rs/keyring');
    expect(result.message).toContain('unsafeAllowUnencryptedStorage: true');
    expect(result.message).toMatch(/#cache-persistence-no-secret-store$/);
  });

  it.runIf(process.platform === 'linux')(
    'with @napi-rs/keyring deployed beside it, loads the binding and reaches for the secret store',
    async () => {
      // The app's environment has no D-Bus session: past the binding, that is what it reports.
      const result = (await run(bindingFolders())) as { name: string; message: string };
      expect(result.name).toBe('CredentialUnavailableError');
      expect(result.message).toContain('there is no D-Bus session');
    },
  );
});
