// Registered with `node --import`: resolves `keytar` to cache-persistence-keytar-absent.mjs.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'keytar') return { url: ${JSON.stringify(new URL('./cache-persistence-keytar-absent.mjs', import.meta.url).href)}, shortCircuit: true };
  return next(specifier, context);
}`),
);
