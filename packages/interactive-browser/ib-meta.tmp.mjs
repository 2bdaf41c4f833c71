import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const code = process.argv[2];
const r = await build({ stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, define: { 'process.env.NODE_ENV': '"production"' } });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k, v]) => [v.bytesInOutput, k]).sort((a, b) => b[0] - a[0]);
for (const [b, k] of rows.slice(0, 30)) console.log(b, k.replace(/.*packages\//, ''));
console.log('total gzip', gzipSync(r.outputFiles[0].contents, { level: 9 }).length);
