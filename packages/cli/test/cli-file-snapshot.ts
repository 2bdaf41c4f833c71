// What a read-only command must leave as it found: every entry under a folder, to compare before and after.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every entry under `folder` (the folder too), by its path below it: kind, mode, size and modification time in
 * nanoseconds, so that a rewrite with the same bytes still shows.
 *
 * @example
 * ```ts
 * const before = snapshot(home);
 * await identity(['doctor'], env);
 * expect(snapshot(home)).toEqual(before);
 * ```
 */
export function snapshot(folder: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const visit = (path: string) => {
    const info = lstatSync(path, { bigint: true });
    const kind = info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'link' : 'file';
    entries[path.slice(folder.length) || '/'] =
      `${kind} ${(info.mode & 0o7777n).toString(8)} ${info.size} ${info.mtimeNs}`;
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(folder);
  return entries;
}
