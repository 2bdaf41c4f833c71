import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
const root = join(process.cwd(), '..');
const map = { '@identity/core': 'core/src/index.ts', '@identity/core/internal': 'core/src/internal.ts', '@identity/interactive-browser': 'interactive-browser/src/index.ts', '@identity/device-code': 'device-code/src/index.ts' };
const alias = { name: 'src', setup(b) { b.onResolve({ filter: /^@identity\// }, (a) => map[a.path] ? { path: join(root, map[a.path]) } : undefined); } };
const code = process.argv[2];
const r = await build({ stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: process.argv[3] ?? 'browser', write: false, metafile: true, plugins: [alias], define: { 'process.env.NODE_ENV': '"production"', __PACKAGE_VERSION__: '"0.1.0"', __NODE_BUILD__: 'false' } });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k, v]) => [v.bytesInOutput, k]).sort((a, b) => b[0] - a[0]);
let tot=0; for (const [b, k] of rows) { tot+=b; console.log(b, k.replace(/.*packages\//, '')); }
console.log('raw', tot, 'total gzip', gzipSync(r.outputFiles[0].contents, { level: 9 }).length);
if (process.argv[4]) console.log(r.outputFiles[0].text);
