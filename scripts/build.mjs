#!/usr/bin/env node
// `npm run build`: the bundles that the package ships, built with esbuild, next to the type
// declarations that tsc emits (run before this script). See decisions/0040-bundles.md.
//
//   dist/index.js, dist/syntax.js (+ dist/chunks/)     the library as ES modules
//   dist/index.cjs, dist/syntax.cjs (+ dist/chunks/)   the same for require()
//   dist/types/                                        tsc's declarations (.d.ts for import), and .d.cts for require
//   dist/cli/mof-migrate.cjs                           the command line, one file with its dependencies
//   dist/bin/mof-migrate.js                            the executable (CommonJS): runs the CLI bundle with a V8 code cache
//   dist/THIRD-PARTY-NOTICES.txt                       licences of the code bundled in (Chevrotain)
//
// tsc also checks the types: the build fails on a type error. Runtime dependencies (package.json "dependencies") stay external: they are installed with the
// package. Chevrotain is bundled from its single-file ES module build, which also removes the need
// for a top-level await in what a CommonJS consumer loads.
import { execFileSync } from "node:child_process";
import { build } from "esbuild";
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
const external = Object.keys(pkg.dependencies ?? {});
const require = createRequire(import.meta.url);
const chevrotainFolder = join(root, "node_modules", "chevrotain");

/** `chevrotain` is its single-file build: one module instead of hundreds, tree-shaken. */
const chevrotainFile = {
  name: "chevrotain-single-file",
  setup(b) {
    b.onResolve({ filter: /^chevrotain$/ }, () => ({ path: join(chevrotainFolder, "lib", "chevrotain.mjs") }));
  },
};

/**
 * string-width (yargs' and cliui's) creates an `Intl.Segmenter` when it is loaded, ~10 ms, and
 * yargs loads it at start and measures its help text on every command. In the CLI bundle each
 * import of it gets a stand-in that answers printable ASCII itself (one column a character,
 * exactly what string-width says for it) and loads the real module on the first other text.
 */
const lazyStringWidth = {
  name: "lazy-string-width",
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      // The resolve below asks again: that one goes to esbuild's own resolution.
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { real: true } });
      return { path: real.path, namespace: "lazy-string-width" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-string-width" }, (args) => ({
      resolveDir: dirname(args.path),
      contents: [
        "let real;",
        "export default function stringWidth(text, options) {",
        '  if (typeof text === "string" && /^[\\x20-\\x7e]*$/.test(text)) return text.length;',
        `  real ??= require(${JSON.stringify(args.path)}).default;`,
        "  return real(text, options);",
        "}",
      ].join("\n"),
    }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  external,
  plugins: [chevrotainFile],
  sourcemap: true,
  sourcesContent: true,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
};

// In a CommonJS file `import.meta.url` does not exist: the modules that locate files with it get
// the bundle's own URL.
const cjsImportMeta = {
  banner: { js: 'var __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__bundle_url" },
};

await rm(dist, { recursive: true, force: true });
const types = join(dist, "types");
execFileSync(
  process.execPath,
  [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--emitDeclarationOnly", "--sourceMap", "false", "--outDir", types],
  {
    cwd: root,
    stdio: "inherit",
  },
);

const entryPoints = { index: join(root, "src", "index.ts"), syntax: join(root, "src", "syntax.ts") };
const esm = await build({ ...common, entryPoints, outdir: dist, format: "esm", splitting: true, chunkNames: "chunks/[name]-[hash]" });

// CommonJS: the same split build with .cjs names, each file then turned into CommonJS (esbuild
// reads the first step's source maps, so the maps still point at src/), so that both entries share
// one copy of the code (one LineIndex class, one registry) as in ESM.
const staging = join(root, ".build-cjs");
await rm(staging, { recursive: true, force: true });
const staged = await build({
  ...common,
  entryPoints,
  outdir: staging,
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".cjs" },
});
await build({
  ...common,
  bundle: false,
  external: undefined,
  plugins: [],
  entryPoints: Object.keys(staged.metafile.outputs).filter((f) => f.endsWith(".cjs")),
  outbase: staging,
  outdir: dist,
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  ...cjsImportMeta,
});
await rm(staging, { recursive: true, force: true });

// The command line carries its dependencies too (yargs, fast-glob): the executable runs it as one
// script through a code cache, where an import() of a package cannot be used.
const cli = await build({
  ...common,
  external: [],
  plugins: [chevrotainFile, lazyStringWidth],
  entryPoints: [join(root, "bin", "cli.ts")],
  outfile: join(dist, "cli", "mof-migrate.cjs"),
  format: "cjs",
  ...cjsImportMeta,
  // Not shipped with a map: some of the packages bundled into it publish maps without their sources.
  sourcemap: false,
});
await build({
  ...common,
  entryPoints: [join(root, "bin", "mof-migrate.ts")],
  outfile: join(dist, "bin", "mof-migrate.js"),
  format: "cjs",
  sourcemap: false,
});
await writeFile(join(dist, "bin", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");

await writeRequireDeclarations(types);
await writeNotices([esm.metafile, cli.metafile]);

/** Beside each .d.ts a .d.cts (its relative imports renamed): what TypeScript reads for `require`. */
async function writeRequireDeclarations(folder) {
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    await writeFile(file.replace(/\.d\.ts$/, ".d.cts"), text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']*)\.js\2/g, "$1$2$3.cjs$2"));
  }
}

/** The licence of every package whose code a bundle carries. */
async function writeNotices(metafiles) {
  const packages = new Set();
  for (const meta of metafiles)
    for (const input of Object.keys(meta.inputs)) {
      const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
      if (match) packages.add(match[1]);
    }
  // Chevrotain's single-file build carries its own packages and lodash-es.
  if (packages.has("chevrotain"))
    for (const p of ["@chevrotain/cst-dts-gen", "@chevrotain/gast", "@chevrotain/regexp-to-ast", "@chevrotain/utils", "lodash-es"]) packages.add(p);
  const parts = [];
  for (const name of [...packages].sort()) {
    const folder = join(root, "node_modules", name);
    const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8"));
    const licenceFile = (await readdir(folder)).find((f) => /^licen[cs]e/i.test(f));
    const text = licenceFile ? await readFile(join(folder, licenceFile), "utf8") : `${manifest.license}`;
    parts.push(`${name} ${manifest.version} (${manifest.license})\n\n${text.trim()}\n`);
  }
  await writeFile(
    join(dist, "THIRD-PARTY-NOTICES.txt"),
    `Code of these packages is bundled into the files of this folder.\n\n${parts.join("\n" + "-".repeat(72) + "\n\n")}`,
  );
}
