import { build } from 'esbuild';
import { join } from 'node:path';
const root = join(process.cwd(), '..');
const map = { '@identity/core': 'core/src/index.ts', '@identity/core/internal': 'core/src/internal.ts', '@identity/interactive-browser': 'interactive-browser/src/index.ts' };
const alias = { name: 'src', setup(b) { b.onResolve({ filter: /^@identity\// }, (a) => map[a.path] ? { path: join(root, map[a.path]) } : undefined); } };
const file = process.argv[2];
// Minify one module on its own (imports external) to read its code.
const r = await build({ entryPoints: [file], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, plugins: [{name:'ext', setup(b){ b.onResolve({filter:/^\.|^@identity/}, a => a.importer ? {path:a.path, external:true}: undefined)}}], define: { __PACKAGE_VERSION__: '"0.1.0"' } });
console.log(r.outputFiles[0].text);
