// Installs what a bench compares, the way a user would get it: the peer from the registry, ours from the
// tarballs `pnpm pack` makes (so the `files` allowlist and the rewritten workspace ranges are what is measured).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capture } from '../../scripts/run-command.mjs';
import { paths } from '../paths.mjs';

function npmInstall(dir, specs) {
  // A package.json of its own, or npm would walk up and install into the repository.
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-scratch', private: true })}\n`);
  const result = capture('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    cwd: dir,
  });
  if (result.status !== 0)
    throw new Error(`npm install ${specs.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
}

/** The peer, installed once into `.bench-scratch/<folder>` and reused; returns the folder. */
export function installPeer(spec, folder = 'peer') {
  const dir = join(paths.scratch, folder);
  const name = spec.replace(/(.)@[^/]*$/, '$1');
  if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return dir;
  console.log(`installing ${spec} into ${join('.bench-scratch', folder)} (cached after this run)`);
  mkdirSync(dir, { recursive: true });
  npmInstall(dir, [spec]);
  return dir;
}

function workspacePackages() {
  const byName = new Map();
  for (const entry of readdirSync(paths.packages)) {
    const manifest = join(paths.packages, entry, 'package.json');
    if (existsSync(manifest))
      byName.set(JSON.parse(readFileSync(manifest, 'utf8')).name, join(paths.packages, entry));
  }
  return byName;
}

/** `name` and the workspace packages it depends on at run time, transitively, as package folders. */
export function workspaceClosure(name, byName = workspacePackages()) {
  const seen = new Map();
  const visit = (current) => {
    const dir = byName.get(current);
    if (!dir) throw new Error(`${current} is not a workspace package`);
    if (seen.has(current)) return;
    seen.set(current, dir);
    const { dependencies = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const [dependency, range] of Object.entries(dependencies))
      if (range.startsWith('workspace:')) visit(dependency);
  };
  visit(name);
  return [...seen.values()];
}

/** Packs `name` and its workspace dependencies and installs the tarballs into a fresh folder; returns it. */
export function installPacked(name) {
  const dir = join(paths.scratch, `ours-${name.replace(/^@/, '').replace('/', '-')}`);
  const tarballs = join(dir, 'tarballs');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(tarballs, { recursive: true });
  for (const packageDir of workspaceClosure(name)) {
    if (!existsSync(join(packageDir, 'dist'))) {
      throw new Error(`${packageDir} is not built: run pnpm turbo run build --filter=${name}...`);
    }
    const result = capture('pnpm', ['pack', '--pack-destination', tarballs], { cwd: packageDir });
    if (result.status !== 0) throw new Error(`pnpm pack in ${packageDir} failed:\n${result.stderr}`);
  }
  const install = join(dir, 'install');
  mkdirSync(install);
  npmInstall(
    install,
    readdirSync(tarballs).map((file) => join(tarballs, file)),
  );
  return install;
}
