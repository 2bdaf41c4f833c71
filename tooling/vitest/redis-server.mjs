// A real redis-server (Debian's, installed by tooling/scripts/system-packages.mjs) for tests and the bench: on a free
// loopback port, nothing saved to disk, stopped (and started again on the same port) on request.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START_TIMEOUT_MS = 10_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts redis-server and resolves once it accepts connections; rejects with its output when it does not.
function launch(port, dir, extraArgs, tls) {
  // With TLS, the port speaks only TLS (the plain port is off).
  const listen = tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        tls.certFile,
        '--tls-key-file',
        tls.keyFile,
      ]
    : ['--port', String(port)];
  const tlsClients = tls ? ['--tls-ca-cert-file', tls.certFile, '--tls-auth-clients', 'no'] : [];
  const args = [
    ...listen,
    ...tlsClients,
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    ...extraArgs,
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const collect = (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error('redis-server is not installed: run node tooling/scripts/system-packages.mjs')
          : error,
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited ${code} before it was ready:\n${output}`));
    });
  });
}

function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * Starts a redis-server on a free loopback port. `extraArgs` are more command-line options (`--requirepass`,
 * `--user`, ...); with `tls` (PEM files of a certificate for localhost and its key) the port speaks only TLS. Always
 * `stop()` it.
 *
 * @param {{ extraArgs?: string[], tls?: { certFile: string, keyFile: string } }} [options]
 */
export async function startRedisServer({ extraArgs = [], tls } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'identity-redis-'));
  let port = 0;
  let child;
  // Another process may take the free port between the look and the start: try another.
  for (let attempt = 0; !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir, extraArgs, tls);
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  return {
    port,
    url: tls ? `rediss://localhost:${port}` : `redis://127.0.0.1:${port}`,
    /** Whether the server runs now. */
    get running() {
      return child !== undefined;
    },
    /** Stops the server at once (as a crash would), keeping the port for `start()`. */
    async kill() {
      await stopChild(child);
      child = undefined;
    },
    /** Starts it again on the same port, empty. */
    async start() {
      if (!child) child = await launch(port, dir, extraArgs, tls);
    },
    /** Stops it for good. */
    async stop() {
      await stopChild(child);
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
