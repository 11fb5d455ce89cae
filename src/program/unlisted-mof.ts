/**
 * MOF files a folder search leaves out because of their names: hardware-inventory kits ship the
 * configuration.mof half as `Add-To-configuration.mof.txt`, `*.HWInvConfigurationMOF.txt` or
 * `Configuration.mof.additions`. A file is taken for MOF when its first kilobytes start a
 * statement the way MOF does (`#pragma namespace`, `class X`, `instance of X`, a qualifier list
 * before one); the user is told about it, nothing is read as a source.
 */
import { open } from "node:fs/promises";
import { join, resolve } from "node:path";
import type FastGlob from "fast-glob";
import { decodeMof } from "../document/source.js";

/** How much of a file is looked at. */
const SNIFF_BYTES = 16 * 1024;
/** Files larger than this are no MOF fragment of a kit. */
const MAX_SIZE = 64 * 1024 * 1024;

/** A line that starts a MOF statement: a pragma, or a class or instance declaration (after a qualifier list). */
const MOF_STATEMENT =
  /^[ \t]*(?:#[ \t]*pragma[ \t]+(?:namespace|deleteclass|include)\b|(?:\[[^\]\r\n]*\][ \t]*)?(?:class[ \t]+\w+[ \t]*(?::[ \t]*\w+[ \t]*)?(?:\{|$)|instance[ \t]+of[ \t]+\w+))/im;

/**
 * The files under `folder` (not in `listed`, not matching `ignore`) whose content is MOF, as
 * `folder/relative/path`, sorted as fast-glob gives them.
 */
export async function findUnlistedMof(fg: typeof FastGlob, folder: string, listed: ReadonlySet<string>, ignore: string[]): Promise<string[]> {
  const entries = await fg("**/*", { cwd: folder, ignore, onlyFiles: true, dot: false, followSymbolicLinks: false, suppressErrors: true, stats: true });
  const found: string[] = [];
  for (const entry of entries) {
    const file = join(folder, entry.path);
    if (listed.has(resolve(file)) || (entry.stats?.size ?? 0) > MAX_SIZE) continue;
    if (await looksLikeMof(file)) found.push(file);
  }
  return found;
}

async function looksLikeMof(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, "r");
    const buffer = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    // An even count keeps UTF-16 text whole.
    const text = decodeMof(buffer.subarray(0, bytesRead - (bytesRead % 2))).text;
    return MOF_STATEMENT.test(text);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
