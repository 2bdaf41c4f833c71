import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterEach, describe, expect, it } from 'vitest';
import { greetSessionBus, sessionBusSocket } from './cache-persistence-secret-store-dbus.js';

describe('the session bus socket named by DBUS_SESSION_BUS_ADDRESS', () => {
  it('is the path of a unix address, without the address keys around it', () => {
    expect(sessionBusSocket('unix:path=/run/user/1000/bus')).toBe('/run/user/1000/bus');
    expect(sessionBusSocket('unix:path=/tmp/dbus-hiFI6yN1Oy,guid=f32a7f0aa549')).toBe('/tmp/dbus-hiFI6yN1Oy');
    expect(sessionBusSocket('unix:path=/tmp/with%20space')).toBe('/tmp/with space');
  });

  it('is an abstract socket, NUL first as Node names it', () => {
    expect(sessionBusSocket('unix:abstract=/tmp/dbus-Xy,guid=1')).toBe('\0/tmp/dbus-Xy');
  });

  it('is the first unix address of a list, and none for other transports', () => {
    expect(sessionBusSocket('tcp:host=localhost,port=1;unix:path=/b')).toBe('/b');
    expect(sessionBusSocket('tcp:host=localhost,port=12345')).toBeUndefined();
    expect(sessionBusSocket('launchd:env=DBUS_LAUNCHD_SESSION_BUS_SOCKET')).toBeUndefined();
  });
});

describe('greeting the session bus', () => {
  let dir: string;
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function fakeBus(onData: (socket: Socket, data: string) => void): Promise<string> {
    dir = temporaryFolder('identity-bus');
    const path = join(dir, 'bus');
    server = createServer((socket) =>
      socket.on('data', (data: Buffer) => onData(socket, data.toString('latin1'))),
    );
    await new Promise<void>((resolve) => server?.listen(path, resolve));
    return path;
  }

  it('sends the start of D-Bus authentication, and a live bus answering it is enough', async () => {
    let received = '';
    const path = await fakeBus((socket, data) => {
      received += data;
      socket.write('OK 0123456789abcdef\r\n');
    });
    await expect(greetSessionBus(path, 2_000)).resolves.toBeUndefined();
    const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
    expect(received).toBe(`\0AUTH EXTERNAL ${uid}\r\n`);
  });

  it('gives up on a bus that accepts the connection and never answers', async () => {
    const path = await fakeBus(() => {});
    await expect(greetSessionBus(path, 300)).rejects.toThrow(
      'the D-Bus session bus did not answer within 300 ms',
    );
  });

  it('reports a bus that is not there', async () => {
    dir = temporaryFolder('identity-bus');
    await expect(greetSessionBus(join(dir, 'none'), 2_000)).rejects.toThrow(
      'the D-Bus session bus cannot be reached (ENOENT)',
    );
  });
});
