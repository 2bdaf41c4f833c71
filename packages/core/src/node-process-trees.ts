// A signal that ends the app ends the developer tools it started. Each tool runs in a process group and session of
// its own (so a timeout can stop its whole tree), which also puts it out of reach of the terminal's Ctrl-C and of a
// signal sent to the app: without this, the app would end and leave a hung tool running for ever.

// How to stop each run whose tool runs now, told the signal that ends the app (none for process.exit()).
const runs = new Set<(signal?: NodeJS.Signals) => void>();

/**
 * Adds (`running` true) or removes a run's `stop`, which must stop its tool's tree at once and remove it; it is told
 * the signal's name (none for process.exit()), for its caller to say why the tool stopped. While any
 * run is added, the app listens, once per event, for the signals that end it by default (SIGINT, SIGTERM, SIGHUP)
 * and for 'exit', and stops every run when one comes; while none is, it does not listen at all.
 *
 * @example
 * ```ts
 * const stop = (signal?: NodeJS.Signals) => finish({ kind: 'aborted', signal }, true); // kills the group, then stopOnExit(stop, false)
 * stopOnExit(stop, true);
 * ```
 */
export function stopOnExit(stop: (signal?: NodeJS.Signals) => void, running: boolean): void {
  const before = runs.size;
  running ? runs.add(stop) : runs.delete(stop);
  // Ahead of the app's own listeners, so that one of theirs that runs only once is still counted. As an emitter:
  // Process types each event's listener apart.
  if (!before !== !runs.size) {
    for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit']) {
      (process as NodeJS.EventEmitter)[before ? 'off' : 'prependListener'](event, stopAll);
    }
  }
}

// 'exit' passes the exit code, a signal its name.
function stopAll(event: NodeJS.Signals | number): void {
  // Listening turned the signal's default off. When no listener of the app's decides what the signal does, the
  // app ends as it would have: by the signal itself, once the last run stopped has taken our listeners away. (Counted
  // now, not when the signal came: a second copy of core whose listener ran first has already taken its own away.)
  const signal = typeof event === 'string' ? event : undefined;
  const alone = signal && process.listenerCount(signal) < 2;
  for (const stop of runs) stop(signal);
  if (alone) process.kill(process.pid, signal);
}
