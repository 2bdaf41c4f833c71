import { describe, expect, it } from 'vitest';
import { ENGINE_MAJOR, loadEngine, MissingEngineError } from './cli-migrate-engine.js';

const failing = (error: Error & { code?: string }) => () => Promise.reject(error);

describe('loadEngine', () => {
  it('loads ts-morph', async () => {
    const engine = await loadEngine();
    expect(typeof engine.Project).toBe('function');
  });

  it.each(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])(
    'says what to run when ts-morph is missing (%s)',
    async (code) => {
      const missing = Object.assign(new Error("Cannot find package 'ts-morph'"), { code });
      const error = await loadEngine(['src', '--dry-run'], failing(missing)).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(MissingEngineError);
      expect((error as Error).message).toContain(
        `npx -p @identity/cli -p ts-morph@${ENGINE_MAJOR} identity migrate src --dry-run`,
      );
    },
  );

  it('passes other failures on as they are', async () => {
    const broken = new Error('SyntaxError in ts-morph');
    await expect(loadEngine([], failing(broken))).rejects.toBe(broken);
  });

  it('names the major version the package declares as its optional peer', async () => {
    const { default: pkg } = await import('../package.json', { with: { type: 'json' } });
    expect(pkg.peerDependencies['ts-morph']).toBe(`^${ENGINE_MAJOR}.0.0`);
    expect(pkg.peerDependenciesMeta['ts-morph'].optional).toBe(true);
    expect(pkg.devDependencies['ts-morph'].split('.')[0]).toBe(String(ENGINE_MAJOR));
  });
});
