/**
 * This package's name and version, as reports and SARIF logs name the tool that made them. The
 * version is read once from the package's own `package.json`, found upwards from this module
 * (the same file in the source tree and in the published package).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The tool's name in reports. */
export const TOOL_NAME = "mof-migrate";

let version: string | undefined;

/** The version in this package's `package.json`, or `0.0.0` when it cannot be found. */
export function toolVersion(): string {
  if (version !== undefined) return version;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === TOOL_NAME && pkg.version) return (version = pkg.version);
    } catch {
      /* keep looking upwards */
    }
    folder = dirname(folder);
  }
  return (version = "0.0.0");
}
