/**
 * What the command modules share: exit codes, output streams, colors, progress and JSON output.
 */

/** Process exit codes of `mof-migrate`. */
export const ExitCode = {
  /** Success; with `--check`: nothing would change. */
  Ok: 0,
  /** `--check`: the targets would change; `check`/`convert`: errors were found in the input. */
  Findings: 1,
  /** Bad input (missing files, unreadable targets) or a usage error. */
  Usage: 2,
} as const;

/** A stream the CLI writes to. */
export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** What a terminal stream says about its colours (`tty.WriteStream.hasColors`). */
  hasColors?(env?: object): boolean;
  /** Resolves once the stream has passed on what it was given (at once when it is not behind): for output larger than memory. */
  drained?(): Promise<void>;
}

/** Where the CLI reads its environment and writes its output. */
export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The folder the command runs in, where the configuration file is looked for (default: the process's). */
  readonly cwd?: string;
}

/** The real process streams and environment. */
export function processIo(): CliIo {
  return { stdout: quietWhenClosed(process.stdout), stderr: quietWhenClosed(process.stderr), env: process.env };
}

/**
 * A process stream whose reader may go away (`mof-migrate check … | head`): the failed write
 * (EPIPE) ends the output quietly instead of crashing with a stack trace, and later writes are
 * dropped. The run itself goes on to its end, so a write of the targets is never cut short.
 */
function quietWhenClosed(stream: NodeJS.WriteStream): OutStream {
  let closed = false;
  stream.on("error", () => {
    closed = true;
  });
  return {
    write: (text: string) => (closed ? false : stream.write(text)),
    get isTTY() {
      return stream.isTTY;
    },
    drained: () =>
      closed || !stream.writableNeedDrain
        ? Promise.resolve()
        : new Promise<void>((done) => {
            const finish = () => {
              stream.off("drain", finish);
              stream.off("error", finish);
              stream.off("close", finish);
              done();
            };
            stream.on("drain", finish);
            stream.on("error", finish);
            stream.on("close", finish);
          }),
  };
}

/** The values `--color` takes; a bare `--color` means `always`, `--no-color` means `never`. */
export const COLOR_MODES = ["auto", "always", "never"] as const;

/**
 * Whether to colour what goes to `stream` (stdout unless said), decided for each stream on its
 * own so that a redirected stderr gets no escapes while stdout is a terminal. `always`/`never` as
 * told; `auto` follows `FORCE_COLOR` (anything but `0`/`false` forces colours, even into a pipe),
 * then `NO_COLOR` and `NODE_DISABLE_COLORS`, then `TERM=dumb`, then whether the stream is a
 * terminal that has colours (`stream.hasColors()`).
 */
export function useColor(mode: string | undefined, io: CliIo, stream: OutStream = io.stdout): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (isSet(io.env.NO_COLOR) || isSet(io.env.NODE_DISABLE_COLORS)) return false;
  if (stream.isTTY !== true || io.env.TERM === "dumb") return false;
  return typeof stream.hasColors === "function" ? stream.hasColors(io.env) : true;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}

/**
 * JSON text of a value for `--json` output: bigints become strings, Maps and Sets become arrays,
 * Uint8Arrays and the keys in `hidden` are left out, cycles are cut.
 */
export function toJson(value: unknown, hidden: ReadonlySet<string> = new Set()): string {
  const stack: unknown[] = [];
  const convert = (v: unknown): unknown => {
    if (typeof v === "bigint") return v.toString();
    if (v === null || typeof v !== "object") return typeof v === "function" || typeof v === "symbol" ? undefined : v;
    if (v instanceof Uint8Array) return undefined;
    if (stack.includes(v)) return undefined;
    stack.push(v);
    try {
      if (v instanceof Map) return [...v.entries()].map(([k, x]) => [convert(k), convert(x)]);
      if (v instanceof Set) return [...v].map(convert);
      if (Array.isArray(v)) return v.map((x) => convert(x) ?? null);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (hidden.has(k)) continue;
        const c = convert(x);
        if (c !== undefined) out[k] = c;
      }
      return out;
    } finally {
      stack.pop();
    }
  };
  return JSON.stringify(convert(value), null, 2);
}

/**
 * A progress line on stderr, shown only on a terminal and only for many files; `done` clears it.
 */
export function progress(io: CliIo, fileCount: number, message: string): { done(): void } {
  const show = io.stderr.isTTY === true && fileCount > 20;
  if (show) io.stderr.write(`${message}\r`);
  return {
    done() {
      if (show) io.stderr.write("\x1b[2K\r");
    },
  };
}
