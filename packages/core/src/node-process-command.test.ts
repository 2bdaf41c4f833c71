import { describe, expect, it } from 'vitest';
import {
  executableCandidates,
  platformVariable,
  processCommand,
  safeWorkingDirectory,
  treeKillCommand,
} from './node-process-command.js';

describe('finding a tool on PATH', () => {
  it('looks in each absolute PATH folder in order on POSIX, and never in relative ones', () => {
    const env = { PATH: '/opt/az/bin::.:bin:/usr/bin/' };
    expect(executableCandidates('az', env, 'linux')).toEqual(['/opt/az/bin/az', '/usr/bin/az']);
  });

  it('tries each runnable extension in each folder on Windows, reading Path in any case', () => {
    const env = { Path: 'C:\\Tools;"C:\\Program Files\\Azure CLI\\wbin";.\\local;\\\\server\\share' };
    expect(executableCandidates('az', env, 'win32')).toEqual([
      'C:\\Tools\\az.exe',
      'C:\\Tools\\az.cmd',
      'C:\\Tools\\az.bat',
      'C:\\Tools\\az.com',
      'C:\\Program Files\\Azure CLI\\wbin\\az.exe',
      'C:\\Program Files\\Azure CLI\\wbin\\az.cmd',
      'C:\\Program Files\\Azure CLI\\wbin\\az.bat',
      'C:\\Program Files\\Azure CLI\\wbin\\az.com',
      '\\\\server\\share\\az.exe',
      '\\\\server\\share\\az.cmd',
      '\\\\server\\share\\az.bat',
      '\\\\server\\share\\az.com',
    ]);
  });

  it('finds nothing when PATH is unset', () => {
    expect(executableCandidates('az', {}, 'linux')).toEqual([]);
  });

  it('reads variables case-insensitively on Windows only', () => {
    expect(platformVariable({ SystemRoot: 'D:\\Win' }, 'SYSTEMROOT', 'win32')).toBe('D:\\Win');
    expect(platformVariable({ Path: '/bin' }, 'PATH', 'linux')).toBeUndefined();
  });
});

describe('the working folder', () => {
  it('is /bin on POSIX and the Windows folder on Windows', () => {
    expect(safeWorkingDirectory('darwin', { SYSTEMROOT: 'ignored' })).toBe('/bin');
    expect(safeWorkingDirectory('win32', { SystemRoot: 'D:\\Windows' })).toBe('D:\\Windows');
    expect(safeWorkingDirectory('win32', {})).toBe('C:\\Windows');
  });
});

describe('the command to spawn', () => {
  const args = [
    'account',
    'get-access-token',
    '--resource',
    'https://vault.azure.net',
    '--subscription',
    'My Sub',
  ];

  it('is the tool itself on POSIX, arguments untouched', () => {
    expect(processCommand('linux', '/usr/bin/az', args, {})).toEqual({
      file: '/usr/bin/az',
      args,
      windowsVerbatimArguments: false,
    });
  });

  it('is the tool itself for a Windows .exe, quoted by Node', () => {
    const file = 'C:\\Program Files\\PowerShell\\7\\pwsh.exe';
    expect(processCommand('win32', file, ['-NoProfile', '-Command', "Write-Output 'x'"], {})).toEqual({
      file,
      args: ['-NoProfile', '-Command', "Write-Output 'x'"],
      windowsVerbatimArguments: false,
    });
  });

  it('runs a Windows batch file through %ComSpec% with every argument in quotes, verbatim', () => {
    const file = 'C:\\Program Files (x86)\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd';
    const env = { ComSpec: 'C:\\Windows\\system32\\cmd.exe' };
    expect(processCommand('win32', file, args, env)).toEqual({
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: [
        '/d',
        '/s',
        '/c',
        '""C:\\Program Files (x86)\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd" "account" "get-access-token" "--resource" "https://vault.azure.net" "--subscription" "My Sub""',
      ],
      windowsVerbatimArguments: true,
    });
  });

  it('keeps cmd.exe metacharacters that are literal inside quotes, such as & and |, inside the quotes', () => {
    const { args: cmdArgs } = processCommand('win32', 'C:\\azd\\azd.cmd', ['a&b|c<d>e(f)'], {});
    expect(cmdArgs.at(-1)).toBe('""C:\\azd\\azd.cmd" "a&b|c<d>e(f)""');
  });

  it('finds cmd.exe in the Windows folder when ComSpec is unset', () => {
    expect(processCommand('win32', 'C:\\az\\az.bat', [], { SystemRoot: 'D:\\Win' }).file).toBe(
      'D:\\Win\\System32\\cmd.exe',
    );
  });

  it.each(['"', '%PATH%', '!x!', '^', 'a\nb'])('refuses a batch-file argument holding %j', (bad) => {
    expect(() => processCommand('win32', 'C:\\az\\az.cmd', ['--tenant', bad], {})).toThrow(/cmd\.exe/);
  });
});

describe('stopping a process tree', () => {
  it('signals the process group on POSIX', () => {
    expect(treeKillCommand('linux', 4242, {})).toEqual({ processGroup: -4242 });
  });

  it('runs taskkill /T /F from the Windows folder on Windows', () => {
    expect(treeKillCommand('win32', 4242, { SystemRoot: 'C:\\Windows' })).toEqual({
      file: 'C:\\Windows\\System32\\taskkill.exe',
      args: ['/pid', '4242', '/T', '/F'],
    });
  });
});
