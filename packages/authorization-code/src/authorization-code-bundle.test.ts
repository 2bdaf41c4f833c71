// AuthorizationCodeCredential as it is deployed: bundled into one Node file and run from a folder with no
// node_modules, and bundled for the edge runtimes with nothing of Node's. Build first: pnpm turbo run build.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// The app redeems a code at a token endpoint it is given; errors come back as data.
const APP = `import { AuthorizationCodeCredential } from '@identity/authorization-code';
async function main({ tokenHost }) {
  const credential = new AuthorizationCodeCredential('contoso.example', 'client-id', 'the-code', 'http://localhost/', {
    authorityHost: tokenHost,
  });
  try {
    return { token: (await credential.getToken('https://graph.microsoft.com/User.Read')).token };
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
}`;

describe('a Node app bundled into one file', () => {
  it('redeems the code at the token endpoint (a stand-in that answers every form with a token)', async () => {
    const clientInfo = Buffer.from('{"uid":"u","utid":"t"}').toString('base64url');
    const body = JSON.stringify({ access_token: 'at', expires_in: 3600, client_info: clientInfo });
    const forms: string[] = [];
    const server = createServer((request, response) => {
      let form = '';
      request.on('data', (chunk) => {
        form += chunk;
      });
      request.on('end', () => {
        forms.push(form);
        response.setHeader('content-type', 'application/json').end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const result = await runBundledApp({
        source: APP,
        resolveDir: packageDir,
        format: 'esm',
        input: { tokenHost: `http://127.0.0.1:${port}` },
      });
      expect(result).toEqual({ token: 'at' });
      expect(new URLSearchParams(forms[0]).get('code')).toBe('the-code');
    } finally {
      server.close();
    }
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('holds the credential and nothing of Node', async () => {
    const code = await bundleCode(`${APP}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    expect(code).toContain('authorization_code');
    expect(nodeOnlyImports(code)).toEqual([]);
  });
});
