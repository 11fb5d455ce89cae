/**
 * The configuration file: the options a site always uses, kept beside its MOF files. It is the
 * nearest `mof-migrate.config.json`, or the `"mof-migrate"` key of the nearest package.json that
 * has one, searching from the working folder up to the root (a config file wins over a
 * package.json in the same folder); `--config <file>` names one instead. Flags override it.
 * Paths in it are relative to its own folder, as a reader of the file would expect.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The name of the configuration file. */
export const CONFIG_FILE = "mof-migrate.config.json";
/** The key of package.json that holds the same options. */
export const PACKAGE_KEY = "mof-migrate";

/** Options whose values are files or folders: relative values are taken from the file's folder. */
const PATH_OPTIONS = new Set(["config-mof", "sms-def", "import-mof", "site-classes", "baseline", "backup-dir", "out"]);

/** A configuration that was found and read. */
export interface FoundConfig {
  /** The file it came from (a package.json for the `"mof-migrate"` key). */
  readonly file: string;
  /** Option values by their flag names (`default-namespace`, not `defaultNamespace`). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Thrown for a configuration file that cannot be used: the message names the file. */
export class ConfigError extends Error {}

/** The nearest configuration above `folder`, or `undefined`. Throws {@link ConfigError}. */
export function findConfig(folder: string): FoundConfig | undefined {
  let current = resolve(folder);
  for (;;) {
    const own = join(current, CONFIG_FILE);
    if (existsSync(own)) return readConfigFile(own);
    const pkg = join(current, "package.json");
    if (existsSync(pkg)) {
      const json = readJson(pkg) as Record<string, unknown> | undefined;
      if (json && typeof json === "object" && PACKAGE_KEY in json) return fromObject(pkg, json[PACKAGE_KEY]);
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Read a configuration file named by the user (`--config`). Throws {@link ConfigError}. */
export function readConfigFile(file: string): FoundConfig {
  return fromObject(resolve(file), readJson(file));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read the configuration file ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function fromObject(file: string, value: unknown): FoundConfig {
  const where = file.endsWith("package.json") ? `the "${PACKAGE_KEY}" key of ${file}` : file;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ConfigError(`${where} must be a JSON object of options`);
  const options: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = kebab(key);
    options[name] = PATH_OPTIONS.has(name) && typeof v === "string" ? resolve(dirname(file), v) : v;
  }
  return { file, options };
}

/** `defaultNamespace` -> `default-namespace`; flag names stay as they are. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}
