// Progress while credentials run: a spinner that redraws one line on a terminal, plain lines when piped (so
// logs and CI output stay readable). Always on stderr, so stdout holds only the result.
import type { CliStream } from './cli-io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;

/**
 * Reports what is running: `start(label)` when a step begins, `done(line)` when it ends, `stop()` at the end.
 *
 * @example
 * ```ts
 * const progress = createProgress(process.stderr);
 * progress.start('AzureCliCredential');
 * progress.done('AzureCliCredential: ok (812 ms)');
 * progress.stop();
 * ```
 */
export interface Progress {
  start(label: string): void;
  done(line: string): void;
  stop(): void;
}

/**
 * A spinner when `stream.isTTY`, plain lines otherwise.
 *
 * @example
 * ```ts
 * const progress = createProgress({ write: (text) => process.stderr.write(text), isTTY: false });
 * ```
 */
export function createProgress(stream: CliStream): Progress {
  if (!stream.isTTY) {
    return {
      start: (label) => stream.write(`checking ${label}...\n`),
      done: (line) => stream.write(`${line}\n`),
      stop: () => undefined,
    };
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  let frame = 0;
  const clear = () => stream.write('\r\x1b[2K');
  const stopSpinner = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    clear();
  };
  return {
    start(label) {
      stopSpinner();
      const draw = () => {
        clear();
        stream.write(`${FRAMES[frame++ % FRAMES.length]} checking ${label}…`);
      };
      draw();
      timer = setInterval(draw, FRAME_MS);
      timer.unref?.();
    },
    done(line) {
      stopSpinner();
      stream.write(`${line}\n`);
    },
    stop: stopSpinner,
  };
}
