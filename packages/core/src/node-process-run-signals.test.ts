// A signal that ends the app ends the developer tools it started. Each tool runs in a process group of its own, out
// of reach of the terminal's Ctrl-C and of a signal sent to the app, so these specs run a real app: a Node process
// of its own, built from this package's sources, running a fake tool that hangs and has a child of its own.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCode } from '@identity/tooling/test-bundle';
import { inheritedTemporaryFolder } from '@identity/tooling/test-child-process';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox, isRunning } from '@identity/tooling/test-process';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'];

// The app: runs `tool` (MODE `on` or `once` first adds a SIGINT handler of its own that way, `exit` ends with
// process.exit once the tool runs, `concurrent` runs it 20 times at once, `two copies` runs it once more through a
// second copy of the runner, as an app that loads two versions of core, `client` adds a handler with on and runs it
// through the developer-tool credentials' client, the outcome then being what the run rejects with), printing one
// JSON line per step.
const APP = `import { existsSync } from 'node:fs';
import { runProcess } from './node-process-run.js';
import { DeveloperToolClient } from './node-process-tool-client.js';
const { MODE, TOOL_ENV, READY, SECOND_COPY } = process.env;
const copy = MODE === 'two copies' ? await import(SECOND_COPY) : undefined;
const say = (line) => console.log(JSON.stringify(line));
const listeners = () => ${JSON.stringify(EVENTS)}.map((event) => process.listenerCount(event));
let handled = 0;
if (['on', 'once', 'client'].includes(MODE)) process[MODE === 'once' ? 'once' : 'on']('SIGINT', () => say({ handled: ++handled }));
const idle = listeners();
const request = { commands: ['tool'], args: [], env: JSON.parse(TOOL_ENV), timeoutInMs: 20000 };
const client = new DeveloperToolClient({ credentialName: 'ToolCredential', toolName: 'The tool', anchor: 'tool', installHint: '' }, { env: request.env });
const runs = MODE === 'client'
  ? [client.run(['tool'], [], {}, new AbortController().signal).catch((error) => ({ name: error.name, message: error.message }))]
  : Array.from({ length: MODE === 'concurrent' ? 20 : 1 }, () => runProcess(request));
if (copy) runs.push(copy.runProcess(request));
const ready = setInterval(() => {
  if (!existsSync(READY)) return;
  clearInterval(ready);
  if (MODE === 'exit') process.exit(0);
  say({ running: listeners(), idle });
}, 10);
const outcomes = await Promise.all(runs);
say({ outcome: outcomes[0], after: listeners(), idle, handled });
// Time for a signal that was sent again to come, before the app ends.
if (handled) setTimeout(() => say({ finally: handled }), 300);
`;

let appFile: string;
let secondCopyFile: string;
beforeAll(async () => {
  const bundle = (code: string) =>
    bundleCode(code, { platform: 'node', resolveDir: fileURLToPath(new URL('.', import.meta.url)) });
  const folder = temporaryFolder('identity-signals-app');
  appFile = join(folder, 'app.mjs');
  writeFileSync(appFile, await bundle(APP));
  secondCopyFile = join(folder, 'second-copy.mjs');
  writeFileSync(secondCopyFile, await bundle(`export { runProcess } from './node-process-run.js';`));
});

// The fakes are POSIX shell scripts, and the trees are process groups on POSIX only.
describe.skipIf(process.platform === 'win32')('runProcess when the app gets a signal', () => {
  let tools: FakeToolbox;
  let app: ChildProcess | undefined;
  beforeEach(() => {
    tools = fakeToolbox();
    // Writes its own id, starts a child that would outlive it, then says it is ready and waits.
    tools.add(
      'tool',
      `echo $$ >> '${tools.dir}/tool.pids'; sleep 60 & echo $! >> '${tools.dir}/child.pids'; touch '${tools.dir}/ready'; wait`,
    );
  });
  afterEach(() => {
    // Whatever an assertion left behind: the app, and every tree and child it started.
    app?.kill('SIGKILL');
    for (const pid of [...readPids('tool.pids').map((pid) => -pid), ...readPids('child.pids')]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    tools.remove();
  });

  const readPids = (name: string) => {
    try {
      return readFileSync(join(tools.dir, name), 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };

  // Starts the app; resolves with its printed lines and how it ended, within 10 s (then it is killed).
  const startApp = (mode: string) => {
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    const child = spawn(process.execPath, [appFile], {
      env: {
        ...inheritedTemporaryFolder(),
        PATH: '/usr/bin:/bin',
        MODE: mode,
        TOOL_ENV: JSON.stringify(tools.env()),
        READY: join(tools.dir, 'ready'),
        SECOND_COPY: secondCopyFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10_000,
      killSignal: 'SIGKILL',
    });
    app = child;
    const waiters: (() => void)[] = [];
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      for (const waiter of waiters.splice(0)) waiter();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
      (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
    );
    // Resolves with the first line that has `key`, or rejects after 5 s or when the app has ended without it.
    const line = (key: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const fail = (why: string) => () => {
          clearTimeout(timer);
          reject(new Error(`${why} "${key}" line: ${stderr}`));
        };
        const timer = setTimeout(fail('not within 5 s a'), 5000);
        const check = () => {
          const found = lines.find((candidate) => key in candidate);
          if (!found) return waiters.push(check);
          clearTimeout(timer);
          resolve(found);
        };
        check();
        // After the last output was read ('close' comes after the pipes have closed).
        ended.then(fail('the app ended without a'));
      });
    return { child, lines, line, ended };
  };

  const within5s = <T>(promise: Promise<T>) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not within 5 s')), 5000)),
    ]);
  // A killed process stays until its parent reaps it: on Linux, /proc tells such a zombie from a live one.
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    return !existsSync('/proc') || isRunning(pid);
  };
  // Whether `check` holds within 5 s.
  const within5sTrue = async (check: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return check();
  };
  const gone = (pid: number) => within5sTrue(() => !alive(pid));
  const treeOf = () => [...readPids('tool.pids'), ...readPids('child.pids')];

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'ends the tool and its child when %s ends an app that has no handler for it, and the app ends by that signal',
    async (signal) => {
      const { child, line, ended } = startApp('single');
      await line('running');
      const tree = treeOf();
      expect(tree).toHaveLength(2);
      child.kill(signal);
      expect(await within5s(ended)).toMatchObject({ code: null, signal });
      for (const pid of tree) expect(await gone(pid)).toBe(true);
    },
  );

  it.each(['on', 'once'])(
    'ends the tool and its child on SIGINT but leaves the app to its own handler (added with %s), which runs once',
    async (mode) => {
      const { child, line, ended } = startApp(mode);
      await line('running');
      const tree = treeOf();
      child.kill('SIGINT');
      // The run ends as a stopped one; the app goes on to print it, and ends by itself.
      expect(await line('outcome')).toMatchObject({
        outcome: { kind: 'aborted', signal: 'SIGINT' },
        handled: 1,
      });
      expect(await line('finally')).toEqual({ finally: 1 });
      expect(await within5s(ended)).toMatchObject({ code: 0, signal: null });
      for (const pid of tree) expect(await gone(pid)).toBe(true);
    },
  );

  it('says why the tool was stopped when the app handles the signal itself: the app got it, not that the caller aborted', async () => {
    const { child, line, ended } = startApp('client');
    await line('running');
    const tree = treeOf();
    child.kill('SIGINT');
    expect(await line('outcome')).toMatchObject({
      outcome: { name: 'AbortError', message: 'The tool was stopped by SIGINT.' },
      handled: 1,
    });
    expect(await within5s(ended)).toMatchObject({ code: 0, signal: null });
    for (const pid of tree) expect(await gone(pid)).toBe(true);
  });

  it('ends the tool and its child when the app calls process.exit()', async () => {
    const { lines, ended } = startApp('exit');
    expect(await within5s(ended)).toMatchObject({ code: 0, signal: null });
    expect(lines).toEqual([]);
    const tree = treeOf();
    expect(tree).toHaveLength(2);
    for (const pid of tree) expect(await gone(pid)).toBe(true);
  });

  it('listens once per signal however many tools run, and stops every tree on one signal', async () => {
    const { child, line, ended } = startApp('concurrent');
    const running = await line('running');
    expect(running.running).toEqual((running.idle as number[]).map((count) => count + 1));
    // Every tree is stopped by one signal, and the app, with no handler, ends by it.
    expect(await within5sTrue(() => readPids('child.pids').length === 20)).toBe(true);
    const tree = treeOf();
    expect(tree).toHaveLength(40);
    child.kill('SIGTERM');
    expect(await within5s(ended)).toMatchObject({ signal: 'SIGTERM' });
    for (const pid of tree) expect(await gone(pid)).toBe(true);
  });

  it('ends the app by the signal when two copies of the runner (two versions of core) each run a tool', async () => {
    const { child, line, ended } = startApp('two copies');
    await line('running');
    expect(await within5sTrue(() => readPids('child.pids').length === 2)).toBe(true);
    const tree = treeOf();
    expect(tree).toHaveLength(4);
    child.kill('SIGINT');
    expect(await within5s(ended)).toMatchObject({ code: null, signal: 'SIGINT' });
    for (const pid of tree) expect(await gone(pid)).toBe(true);
  });

  it('takes its listeners away once the run ends', async () => {
    tools.add('tool', `touch '${tools.dir}/ready'; sleep 0.3`);
    const { line, ended } = startApp('single');
    const { running, idle } = await line('running');
    expect(running).toEqual((idle as number[]).map((count) => count + 1));
    expect(await line('outcome')).toMatchObject({ outcome: { kind: 'exited', exitCode: 0 }, after: idle });
    expect(await within5s(ended)).toMatchObject({ code: 0 });
  });
});
