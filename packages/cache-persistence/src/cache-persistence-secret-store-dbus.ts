// A bounded look at the D-Bus session bus before the Secret Service is asked anything. The binding's own D-Bus calls
// time out after about 2 s, but its connection does not: a bus daemon that accepts the socket and never answers
// (stopped, or wedged) would block its synchronous constructor, and with it the app, forever. So the bus is first
// greeted here, in JavaScript, with a timeout: the start of D-Bus's authentication, whose reply proves it alive.

/**
 * The socket of the first unix address in a D-Bus address list (`unix:path=/run/user/1000/bus,guid=…`, or an
 * abstract socket, which Node names with a leading NUL), or `undefined` when it names none (TCP, launchd…).
 *
 * @example
 * ```ts
 * sessionBusSocket('unix:path=/run/user/1000/bus'); // '/run/user/1000/bus'
 * ```
 */
export function sessionBusSocket(address: string): string | undefined {
  for (const entry of address.split(';')) {
    const [transport, keys = ''] = entry.split(/:(.*)/s);
    if (transport !== 'unix') continue;
    const pairs = new Map(
      keys.split(',').map((pair) => {
        const [key = '', value = ''] = pair.split(/=(.*)/s);
        return [key, value] as const;
      }),
    );
    // D-Bus escapes bytes of a value as %XX.
    const path = pairs.get('path');
    if (path) return decodeURIComponent(path);
    const abstract = pairs.get('abstract');
    if (abstract) return `\0${decodeURIComponent(abstract)}`;
  }
  return undefined;
}

/**
 * Resolves when the bus at `socket` answers the start of authentication within `timeoutInMs`; rejects with why
 * not (it cannot be reached, or it did not answer).
 *
 * @example
 * ```ts
 * await greetSessionBus('/run/user/1000/bus', 2_000);
 * ```
 */
export async function greetSessionBus(socket: string, timeoutInMs: number): Promise<void> {
  // Loaded here, not with the package: only an encrypted cache talks to the bus, and node:net (sockets, streams) is a
  // good part of what a short-lived CLI would otherwise load before its first token.
  const { createConnection } = await import('node:net');
  return new Promise((resolve, reject) => {
    const connection = createConnection({ path: socket });
    const finish = (problem?: string) => {
      clearTimeout(timer);
      connection.destroy();
      problem === undefined ? resolve() : reject(new Error(problem));
    };
    const timer = setTimeout(
      () => finish(`the D-Bus session bus did not answer within ${timeoutInMs} ms`),
      timeoutInMs,
    );
    connection.on('connect', () => {
      // A NUL byte, then SASL EXTERNAL with our uid in hex digits of its decimal text, as every D-Bus client starts.
      const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
      connection.write(`\0AUTH EXTERNAL ${uid}\r\n`);
    });
    // Any answer (OK, REJECTED…) is a live bus; the binding then makes its own connection.
    connection.on('data', () => finish());
    connection.on('error', (error: NodeJS.ErrnoException) =>
      finish(`the D-Bus session bus cannot be reached (${error.code ?? error.message})`),
    );
    connection.on('close', () => finish('the D-Bus session bus closed the connection'));
  });
}
