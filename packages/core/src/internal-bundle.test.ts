// The built entries as bundlers see them: under the `node` condition, `@identity/core/internal` carries the proxy
// tunnel; for edge runtimes and browsers it carries nothing of Node's. Build first: pnpm turbo run build.
import { fileURLToPath } from 'node:url';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports } from '@identity/tooling/test-bundled-app';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Everything both entries export, so nothing is left out by tree shaking.
const APP = "export * from '@identity/core'; export * from '@identity/core/internal';";

describe('@identity/core bundled', () => {
  it('for Node, holds the CONNECT tunnel and imports node:http, node:https and node:tls only when it runs', async () => {
    const code = await bundleCode(APP, { platform: 'node', resolveDir: packageDir });
    expect(code).toContain('CONNECT');
    expect(code).toMatch(/import\(["'](node:)?tls["']\)/);
    // Imported on demand: an app without a proxy never loads them.
    expect(code).not.toMatch(/from\s*["'](node:)?(https?|tls)["']/);
  });

  it.each(EDGE_BUILDS)(
    'for $name, holds no Node built-in, no undici and no tunnel',
    async ({ platform, conditions }) => {
      const code = await bundleCode(APP, { platform, conditions, resolveDir: packageDir });
      expect(code).toContain('client-request-id');
      expect(nodeOnlyImports(code)).toEqual([]);
      expect(code).not.toContain('CONNECT');
    },
  );
});
