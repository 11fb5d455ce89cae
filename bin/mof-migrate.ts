#!/usr/bin/env node
/**
 * The `mof-migrate` executable, a CommonJS script. It runs the command-line bundle
 * (`dist/cli/mof-migrate.cjs`, built from bin/cli.ts) through a V8 code cache kept next to the
 * bundle: a run with a cache made by the same Node.js compiles almost nothing before it works. Without a usable cache (the first
 * run, another Node.js version, a read-only folder, `MOF_MIGRATE_CODE_CACHE=0`) the bundle is
 * compiled as usual, and the cache is written at exit when the folder allows it.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import vm from "node:vm";

// Built as CommonJS (dist/bin/ has a package.json saying so): Node starts a CommonJS file
// without its ES module loader, which is a good part of a short run.
const bundle = join(__dirname, "..", "cli", "mof-migrate.cjs");
const useCache = process.env.MOF_MIGRATE_CODE_CACHE !== "0";
// V8 rejects a cache made by another version or with other flags; the name keeps one per version,
// and one per command: a cache holds the functions its first run compiled, and a `--version` run
// would make a poor cache for `check`.
const command = ["convert", "split", "check", "parse"].includes(process.argv[2] ?? "") ? process.argv[2] : "other";
const cacheFile = `${bundle}.${process.version}-${process.arch}.${command}.cache`;

const source = readFileSync(bundle, "utf8");
const cachedData = useCache ? readOrUndefined(cacheFile) : undefined;
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
  // The bundle makes no import(): it would need a callback that a cached script loses on Node 20.
});
if (useCache && (cachedData === undefined || script.cachedDataRejected)) {
  // Made at exit, so the cache holds every function this run compiled, not only the top level.
  process.once("exit", () => writeCache(script.createCachedData()));
}
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, join(__dirname, "..", "cli"));

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Write the cache atomically (a reader never sees half a file); a folder that refuses it is fine. */
function writeCache(data: Buffer): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, cacheFile);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      /* nothing was written */
    }
  }
}
