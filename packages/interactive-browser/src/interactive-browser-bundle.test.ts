// The package as apps ship it. A Node app bundled into one file (ESM and CommonJS), run from a folder with no
// node_modules: the loopback server takes an answer and closes, and the browser opener starts a (fake) xdg-open. A
// browser or edge bundle of the default entry: the browser flows, and nothing of Node. Build first: pnpm turbo run build.
import { fileURLToPath } from 'node:url';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { runProcess } from '@identity/tooling/test-child-process';
import { type FakeToolbox, fakeToolbox } from '@identity/tooling/test-process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// Plays Entra's form_post itself, then checks that nothing listens any more.
const NODE_APP = `import { listenForAuthorizeResponse, openSystemBrowser } from '@identity/interactive-browser';
import { connect } from 'node:net';
const refused = (port) => new Promise((resolve) => {
  const socket = connect({ host: '127.0.0.1', port });
  socket.once('connect', () => { socket.destroy(); resolve(false); });
  socket.once('error', () => resolve(true));
});
async function main() {
  const listener = await listenForAuthorizeResponse({ state: 'bundled-state' });
  await openSystemBrowser(listener.redirectUri + '/?from=bundle', { platform: 'linux', wsl: false });
  const page = await fetch(listener.redirectUri, {
    method: 'POST',
    body: new URLSearchParams({ code: '1.bundled-code', state: 'bundled-state' }),
  });
  const response = await listener.response;
  return { status: page.status, response, refused: await refused(Number(new URL(listener.redirectUri).port)) };
}`;

let tools: FakeToolbox;
beforeEach(() => {
  tools = fakeToolbox();
  tools.add('xdg-open', 'exit 0');
});
afterEach(() => tools.remove());

describe.each(['esm', 'cjs'] as const)('a Node app bundled into one file (%s)', (format) => {
  it('runs the loopback server and the browser opener', async () => {
    const result = await runBundledApp({
      source: NODE_APP,
      resolveDir: packageDir,
      format,
      env: { PATH: tools.dir },
    });
    expect(result).toEqual({ status: 200, response: { code: '1.bundled-code' }, refused: true });
    expect(tools.calls().map((call) => call.args)).toEqual([[expect.stringMatching(/\/\?from=bundle$/)]]);
  });
});

// A tool that signs in silently (a saved record, a cached refresh token) runs this at every start: the loopback
// server's node:http and the browser opener's node:child_process cost ~10 ms each to load, and only a sign-in needs
// them.
const SILENT_START = `import { AuthenticationRequiredError, InteractiveBrowserCredential, listenForAuthorizeResponse } from '@identity/interactive-browser';
const loaded = () => ({
  http: process.moduleLoadList.includes('NativeModule http'),
  childProcess: process.moduleLoadList.includes('NativeModule child_process'),
});
const credential = new InteractiveBrowserCredential({ disableAutomaticAuthentication: true });
const silent = await credential.getToken('https://graph.microsoft.com/User.Read').catch((error) => error);
const beforeSignIn = { silent: AuthenticationRequiredError.isInstance(silent), ...loaded() };
const listener = await listenForAuthorizeResponse({ state: 'start-state' });
await listener.close();
console.log(JSON.stringify({ beforeSignIn, afterListening: loaded() }));`;

describe('the Node entry, imported from node_modules', () => {
  it('loads node:http and node:child_process only when a sign-in needs them, not at import or for a silent token', async () => {
    const { stdout } = await runProcess(process.execPath, ['--input-type=module', '-e', SILENT_START], {
      cwd: packageDir,
      timeoutInMs: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      beforeSignIn: { silent: true, http: false, childProcess: false },
      // Node's own listen() loads child_process (for cluster), so both are there once the server has listened.
      afterListening: { http: true, childProcess: true },
    });
  });
});

describe.each(EDGE_BUILDS)('a $name bundle of the default entry', ({ platform, conditions }) => {
  it('holds the browser flows and nothing of Node', async () => {
    const code = await bundleCode(
      `export { handleRedirectResponse, signInWithPopup, startRedirectSignIn } from '@identity/interactive-browser';`,
      { platform, conditions, resolveDir: packageDir },
    );
    expect(code).toContain('@identity/interactive-browser:sign-in');
    expect(nodeOnlyImports(code)).toEqual([]);
  });
});
