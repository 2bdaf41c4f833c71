// The codemod engine, ts-morph, loaded only by `identity migrate`: it is 16 MB with the TypeScript compiler it
// bundles, so it is an optional peer dependency rather than something every `npx @identity/cli doctor` downloads.
import type * as TsMorph from 'ts-morph';

/**
 * The `ts-morph` module.
 *
 * @example
 * ```ts
 * const engine: MigrateEngine = await loadEngine();
 * ```
 */
export type MigrateEngine = typeof TsMorph;

/**
 * The ts-morph major version `identity migrate` is built and tested with (its optional peer dependency).
 *
 * @example
 * ```ts
 * `npx -p @identity/cli -p ts-morph@${ENGINE_MAJOR} identity migrate`;
 * ```
 */
export const ENGINE_MAJOR = 28;

/**
 * The error when ts-morph is not installed beside the CLI: what to run instead.
 *
 * @example
 * ```ts
 * throw new MissingEngineError(['--dry-run']);
 * ```
 */
export class MissingEngineError extends Error {
  constructor(args: readonly string[]) {
    const rest = args.length ? ` ${args.join(' ')}` : '';
    super(
      `identity migrate needs ts-morph, which is not installed with @identity/cli so that 'npx @identity/cli doctor' stays small. Run it with ts-morph beside it:\n  npx -p @identity/cli -p ts-morph@${ENGINE_MAJOR} identity migrate${rest}\nor add it to the project: npm install --save-dev ts-morph@${ENGINE_MAJOR}`,
    );
    this.name = 'MissingEngineError';
  }
}

const isMissingModule = (error: unknown) =>
  ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes((error as { code?: string })?.code ?? '');

/**
 * Loads ts-morph (a string-literal import, so a bundle of the CLI would contain it), turning "not installed" into
 * a {@link MissingEngineError} that says what to run. `load` is for tests.
 *
 * @example
 * ```ts
 * const engine = await loadEngine(['src', '--dry-run']);
 * ```
 */
export async function loadEngine(
  args: readonly string[] = [],
  load: () => Promise<MigrateEngine> = () => import('ts-morph'),
): Promise<MigrateEngine> {
  try {
    return await load();
  } catch (error) {
    if (isMissingModule(error)) throw new MissingEngineError(args);
    throw error;
  }
}
