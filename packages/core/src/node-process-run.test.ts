import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox } from '@identity/tooling/test-process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findExecutable, runProcess } from './node-process-run.js';

// The fakes are POSIX shell scripts; the Windows rules are covered by the pure tests of node-process-command.
describe.skipIf(process.platform === 'win32')('runProcess', () => {
  let tools: FakeToolbox;
  beforeEach(() => {
    tools = fakeToolbox();
  });
  afterEach(() => tools.remove());

  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const waitUntil = async (check: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return check();
  };

  it('passes arguments as they are, never through a shell', async () => {
    const marker = join(tools.dir, 'injected');
    tools.add('tool', 'for a in "$@"; do echo "[$a]"; done');
    const args = [`$(touch ${marker})`, `; touch ${marker}`, '`id`', 'a b', "'q'"];
    const outcome = await runProcess({ commands: ['tool'], args, env: tools.env(), timeoutInMs: 5000 });
    expect(outcome).toEqual({
      kind: 'exited',
      exitCode: 0,
      stdout: `${args.map((a) => `[${a}]`).join('\n')}\n`,
      stderr: '',
    });
    expect(existsSync(marker)).toBe(false);
  });

  it('runs in /bin with stdin closed, and reports the exit code and standard error', async () => {
    tools.add('tool', 'pwd; cat; echo oops >&2; exit 3');
    const outcome = await runProcess({ commands: ['tool'], args: [], env: tools.env(), timeoutInMs: 5000 });
    // /bin may be a link to /usr/bin, which is where the shell then says it is.
    expect(outcome).toEqual({
      kind: 'exited',
      exitCode: 3,
      stdout: `${realpathSync('/bin')}\n`,
      stderr: 'oops\n',
    });
  });

  it('passes the given environment, and only it', async () => {
    tools.add('tool', 'echo "$ONLY_THIS|$HOME_ISH"');
    const outcome = await runProcess({
      commands: ['tool'],
      args: [],
      env: tools.env({ ONLY_THIS: 'yes' }),
      timeoutInMs: 5000,
    });
    expect(outcome).toMatchObject({ stdout: 'yes|\n' });
  });

  it('tries the commands in order and says which one it looked for first when none exists', async () => {
    tools.add('second', 'echo second');
    expect(
      await runProcess({ commands: ['first', 'second'], args: [], env: tools.env(), timeoutInMs: 5000 }),
    ).toMatchObject({ kind: 'exited', stdout: 'second\n' });
    expect(
      await runProcess({ commands: ['missing'], args: [], env: tools.env(), timeoutInMs: 5000 }),
    ).toEqual({
      kind: 'not-found',
      command: 'missing',
    });
  });

  it('skips relative PATH entries, so nothing in the working folder is run', () => {
    expect(findExecutable(['sh'], { PATH: '.:bin' })).toBeUndefined();
    expect(findExecutable(['sh'], { PATH: '/bin' })).toBe('/bin/sh');
  });

  it('skips files that are not executable', () => {
    tools.add('tool', 'true');
    const path = join(tools.dir, 'tool');
    expect(findExecutable(['tool'], tools.env())).toBe(path);
    expect(findExecutable(['calls.log'], tools.env())).toBeUndefined();
  });

  it('stops the whole process tree when the timeout expires, without waiting for it', async () => {
    const pidFile = join(tools.dir, 'grandchild.pid');
    tools.add('tool', `echo starting >&2; sleep 30 & echo $! > '${pidFile}'; wait`);
    const started = Date.now();
    const outcome = await runProcess({ commands: ['tool'], args: [], env: tools.env(), timeoutInMs: 300 });
    expect(outcome).toEqual({ kind: 'timed-out', stderr: 'starting\n' });
    expect(Date.now() - started).toBeLessThan(3000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitUntil(() => !isAlive(grandchild))).toBe(true);
  });

  it('returns as soon as the tool exits, though a process it started in the background holds its output open', async () => {
    // The background process inherits the tool's standard output and keeps it open: waiting for the pipes to close
    // would turn the tool's answer into a timeout, and keep the app alive for as long as the leftover runs.
    const pidFile = join(tools.dir, 'leftover.pid');
    tools.add('tool', `echo '{"answer":1}'; sleep 30 & echo $! > '${pidFile}'; exit 0`);
    const outcome = await runProcess({ commands: ['tool'], args: [], env: tools.env(), timeoutInMs: 60_000 });
    expect(outcome).toEqual({ kind: 'exited', exitCode: 0, stdout: '{"answer":1}\n', stderr: '' });
    const leftover = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitUntil(() => !isAlive(leftover))).toBe(true);
  });

  it('keeps everything the tool printed up to its exit', async () => {
    tools.add('tool', 'head -c 200000 /dev/zero | tr "\\0" x; echo; echo done >&2; exit 4');
    const outcome = await runProcess({ commands: ['tool'], args: [], env: tools.env(), timeoutInMs: 60_000 });
    expect(outcome).toEqual({
      kind: 'exited',
      exitCode: 4,
      stdout: `${'x'.repeat(200_000)}\n`,
      stderr: 'done\n',
    });
  });

  it('stops the whole process tree when the signal fires', async () => {
    const pidFile = join(tools.dir, 'grandchild.pid');
    tools.add('tool', `sleep 30 & echo $! > '${pidFile}'; wait`);
    const controller = new AbortController();
    const run = runProcess({
      commands: ['tool'],
      args: [],
      env: tools.env(),
      timeoutInMs: 10_000,
      signal: controller.signal,
    });
    expect(await waitUntil(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '')).toBe(
      true,
    );
    controller.abort();
    expect(await run).toEqual({ kind: 'aborted' });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitUntil(() => !isAlive(grandchild))).toBe(true);
  });

  it('starts nothing when the signal has already fired', async () => {
    tools.add('tool', 'true');
    const outcome = await runProcess({
      commands: ['tool'],
      args: [],
      env: tools.env(),
      timeoutInMs: 5000,
      signal: AbortSignal.abort(),
    });
    expect(outcome).toEqual({ kind: 'aborted' });
    expect(tools.calls()).toEqual([]);
  });

  it('stops a tool that prints more than the output bound', async () => {
    tools.add('tool', 'while true; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done');
    const outcome = await runProcess({
      commands: ['tool'],
      args: [],
      env: tools.env(),
      timeoutInMs: 10_000,
      maxOutputBytes: 10_000,
    });
    expect(outcome).toEqual({ kind: 'output-too-large' });
  });

  it('records each call for the tests that use the fakes', async () => {
    tools.add('tool', 'true', ['MY_VAR']);
    await runProcess({
      commands: ['tool'],
      args: ['one', 'two\nlines'],
      env: tools.env({ MY_VAR: 'v' }),
      timeoutInMs: 5000,
    });
    expect(tools.calls()).toEqual([{ args: ['one', 'two\nlines'], env: { MY_VAR: 'v' } }]);
  });
});
