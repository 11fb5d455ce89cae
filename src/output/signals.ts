/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP wait while a commit runs: from the journal's creation to
 * its removal the targets are replaced one after another, and stopping in between would leave
 * one target new and the other old until the next run. A signal that arrives meanwhile is held
 * and delivered again once the commit is done or undone; if the program has listeners of its
 * own, they get it at once as always, and it is not delivered twice.
 */

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Hold the signals; the function returned lets them through again (and delivers one that came). */
export function holdSignals(): () => void {
  let caught: NodeJS.Signals | undefined;
  /** Per signal: whether the program had listeners of its own when it came. */
  const handled = new Map<NodeJS.Signals, boolean>();
  const listener = (signal: NodeJS.Signals) => {
    caught ??= signal;
    handled.set(signal, process.listenerCount(signal) > 1);
  };
  for (const s of SIGNALS) process.on(s, listener);
  return () => {
    for (const s of SIGNALS) process.off(s, listener);
    if (caught !== undefined && !handled.get(caught)) process.kill(process.pid, caught);
  };
}
