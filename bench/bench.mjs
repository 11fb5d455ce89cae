#!/usr/bin/env node
// mof-migrate benchmark: parse throughput, scaling, end-to-end convert and start-up, measured
// side by side in one run so that ratios are stable on a noisy machine. Figures are medians.
// Usage: npm run bench [-- --quick]   (MOF_CORPUS points at the shared corpus; default ../shared/corpus)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, cpSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.argv.includes("--quick");
const corpus = resolve(process.env.MOF_CORPUS ?? join(root, "..", "shared", "corpus"));
const tmp = join(root, ".bench-tmp");
const cli = join(root, "dist", "bin", "mof-migrate.js");
const lib = (p) => import(join(root, "dist", p));

const { parseMof, decodeMof, loadMofFiles } = await lib("index.js");

rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });

const rows = [];
/** The figures the goals are stated in, printed under the table: ratios of two rows of this run. */
const goals = [];
const MB = 1e6;
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "-");
function row(what, bytes, ms, extra = {}) {
  rows.push({ what, MB: fmt(bytes / MB, 2), ms: fmt(ms, 0), "MB/s": bytes ? fmt(bytes / MB / (ms / 1000)) : "-", ...extra });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall time of `fn` over `runs` warm runs. */
function timeInProcess(fn, runs = quick ? 3 : 7) {
  fn();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

/** Run a child process under /usr/bin/time; its peak RSS in bytes comes from time's own file. */
function runMeasured(args, options = {}) {
  const out = join(tmp, "time.txt");
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-o", out, "-f", "%M", process.execPath, ...args], { encoding: "utf8", cwd: root, maxBuffer: 1 << 28, ...options });
  const ms = performance.now() - t;
  const kb = Number(readFileSync(out, "utf8").trim().split("\n").pop());
  return { ms, rss: Number.isFinite(kb) ? kb * 1024 : NaN, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Median wall time and peak RSS of a child process. */
function timeProcess(args, runs = quick ? 3 : 5, options = {}) {
  const ts = [];
  let rss = 0;
  let status = 0;
  for (let i = 0; i < runs; i++) {
    const r = runMeasured(args, options);
    ts.push(r.ms);
    status = r.status;
    rss = Math.max(rss, r.rss);
  }
  return { ms: median(ts), rss, status };
}

// --- inputs ------------------------------------------------------------------------------------
const schemaTop = join(corpus, "cim-schema", "2.49.0", "cim_schema_2.49.0.mof");
const haveCorpus = existsSync(schemaTop);

function inlineIncludes(file) {
  const text = readFileSync(file, "latin1");
  return text.replace(/^#pragma include \("([^"]+)"\).*$/gm, (_m, p) => inlineIncludes(join(dirname(file), p)));
}

function classHeavy(targetBytes) {
  const parts = ['#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\n'];
  let size = parts[0].length;
  for (let i = 0; size < targetBytes; i++) {
    const s = `// Generated class ${i}\n[Description("Class ${i} of the benchmark: " "adjacent literals, as the CIM schema writes them."), Version("2.49.0"), UMLPackagePath("CIM::Bench")]\nclass Bench_Class${i} : Bench_Base {\n  [Key, Description("The key.")] string InstanceID;\n  [Description("A counter."), Units("Bytes"), ValueMap{"0", "1", "2", ".."}, Values{"Unknown", "Other", "Known", "DMTF Reserved"}] uint64 Size = 0x10;\n  [Description("A flag.")] boolean Enabled = TRUE;\n  real64 Ratio = -1.5e-3;\n  datetime Stamp;\n  Bench_Class${i} REF Peer;\n  [Description("A method.")] uint32 Reset([IN, Description("How.")] uint16 Mode, [OUT] string Messages[]);\n};\n\n`;
    parts.push(s);
    size += s.length;
  }
  return parts.join("");
}

function instanceHeavy(targetBytes) {
  const parts = ['#pragma namespace("\\\\\\\\.\\\\root\\\\sms\\\\site_ABC")\n'];
  let size = parts[0].length;
  for (let i = 0; size < targetBytes; i++) {
    const s = `instance of SMS_Collection\n{\n\tCollectionID = "ABC${String(i).padStart(5, "0")}";\n\tName = "Collection ${i}";\n\tComment = "Generated";\n\tOwnedByThisSite = TRUE;\n\tRefreshType = 2;\n\tCollectionRules = {\n\t\tinstance of SMS_CollectionRuleQuery\n\t\t{\n\t\t\tQueryExpression = "select * from SMS_R_System where Name like \\"PC${i}%\\"";\n\t\t\tRuleName = "Rule ${i}";\n\t\t}\n\t};\n};\n\n`;
    parts.push(s);
    size += s.length;
  }
  return parts.join("");
}

function write(name, text) {
  const file = join(tmp, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A JSON document of about `bytes` bytes with the shape of our AST. */
function similarJson(doc, bytes) {
  const items = [];
  let size = 2;
  const productions = doc.productions;
  for (let i = 0; size < bytes; i++) {
    const s = JSON.stringify(productions[i % productions.length], (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    items.push(s);
    size += s.length + 1;
  }
  return "[" + items.join(",") + "]";
}

// --- 1. the CIM schema ---------------------------------------------------------------------------
if (haveCorpus) {
  const inlined = write("cim_schema_2.49.0-inlined.mof", inlineIncludes(schemaTop));
  const bytes = statSync(inlined).size;
  const schemaBytes = Number(spawnSync("du", ["-sb", "--apparent-size", join(corpus, "cim-schema", "2.49.0")], { encoding: "utf8" }).stdout.split("\t")[0]);
  const src = decodeMof(readFileSync(inlined));
  const doc = parseMof(src);
  const inProcess = timeInProcess(() => parseMof(decodeMof(readFileSync(inlined))));
  row("CIM 2.49.0 inlined, in-process (read+decode+parse)", bytes, inProcess);
  const json = similarJson(doc, bytes);
  const jsonMs = timeInProcess(() => JSON.parse(json));
  row("JSON.parse, AST-shaped JSON of the same size", json.length, jsonMs, { ratio: fmt(inProcess / jsonMs, 1) + "x slower" });
  try {
    const ts = [];
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const t = performance.now();
      await loadMofFiles([schemaTop]);
      ts.push(performance.now() - t);
    }
    row("CIM 2.49.0 via 1,634 includes, in-process (loadMofFiles)", schemaBytes, median(ts));
  } catch (e) {
    rows.push({ what: "CIM 2.49.0 via includes, in-process", note: `loadMofFiles unavailable: ${e.message}` });
  }
  if (existsSync(cli)) {
    // Whole process against whole process: node starting, reading and parsing the same size of JSON.
    const jsonFile = write("cim-sized.json", json);
    const jsonScript = write("json-parse.cjs", 'JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));');
    const wj = timeProcess([jsonScript, jsonFile]);
    row("JSON.parse of the same-size JSON, whole process (node reads and parses it)", json.length, wj.ms);
    const w1 = timeProcess([cli, "check", inlined]);
    row("CIM 2.49.0 inlined, whole process (mof-migrate check)", bytes, w1.ms, {
      "peak RSS MB": fmt(w1.rss / MB, 0),
      exit: w1.status,
      ratio: fmt(w1.ms / wj.ms, 2) + "x whole-process JSON.parse",
    });
    goals.push({ goal: "check of the inlined CIM schema / whole-process JSON.parse of the same size", ratio: w1.ms / wj.ms, target: 3.0 });
    const w2 = timeProcess([cli, "check", schemaTop]);
    row("CIM 2.49.0 via includes, whole process (mof-migrate check)", schemaBytes, w2.ms, { "peak RSS MB": fmt(w2.rss / MB, 0), exit: w2.status });
  }
} else {
  rows.push({ what: "CIM 2.49.0", note: `no corpus at ${corpus}` });
}

// --- 2. scaling ----------------------------------------------------------------------------------
// The child warms the parser up on a small file first, so the figure is the steady cost per MB
// and not the JIT's start-up (which the whole-process rows above show).
const parseScript = `
const [{ parseMof, decodeMof }, { readFileSync }] = await Promise.all([import(${JSON.stringify(join(root, "dist", "index.js"))}), import("node:fs")]);
for (let i = 0; i < 3; i++) parseMof(decodeMof(readFileSync(process.argv[3])));
const t = performance.now();
const doc = parseMof(decodeMof(readFileSync(process.argv[2])));
const ms = performance.now() - t;
// What the AST alone keeps: the heap with the document, less the heap once its statements are dropped.
const productions = doc.productions.length;
const errors = doc.diagnostics.filter((d) => d.severity === "error").length;
gc();
const withAst = process.memoryUsage().heapUsed;
doc.productions.length = 0;
gc();
const ast = withAst - process.memoryUsage().heapUsed;
console.log(JSON.stringify({ ms, ast, productions, errors }));
`;
const parseScriptFile = write("parse-one.mjs", parseScript);
const warmup = write("warmup.mof", classHeavy(256 * 1024) + instanceHeavy(256 * 1024));
const sizes = quick ? [1, 4] : [1, 4, 16, 64];
// The same child on an empty file: what the process holds before any input (node, code, warm-up).
const emptyFile = write("empty.mof", "");
const idleRss = median(Array.from({ length: quick ? 1 : 3 }, () => runMeasured(["--expose-gc", parseScriptFile, emptyFile, warmup]).rss));
/** Parse `file` in the child; medians of the runs' time, peak RSS and retained AST per input byte. */
function measureChild(label, file) {
  const bytes = statSync(file).size;
  const runs = [];
  const peaks = [];
  const asts = [];
  let info = {};
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const r = runMeasured(["--expose-gc", parseScriptFile, file, warmup]);
    info = JSON.parse(r.stdout);
    runs.push(info.ms);
    asts.push(info.ast);
    peaks.push(r.rss);
  }
  const ms = median(runs);
  const rss = median(peaks);
  const ast = median(asts);
  row(`${label} (${info.productions} statements), warm, own process`, bytes, ms, {
    "ms/MB": fmt(ms / (bytes / MB), 0),
    "peak RSS MB": fmt(rss / MB, 0),
    "(RSS-idle)/input": fmt((rss - idleRss) / bytes, 1) + "x",
    "AST heap/input": fmt(ast / bytes, 1) + "x",
    errors: info.errors,
  });
}
const inlinedSchema = join(tmp, "cim_schema_2.49.0-inlined.mof");
if (existsSync(inlinedSchema)) measureChild("CIM 2.49.0 inlined", inlinedSchema);
// What an SMS 2003 inventory file looks like: the sample SMS_def.mof, its classes renamed per copy.
{
  const sample = readFileSync(join(root, "samples", "sms2003", "SMS_def.mof"), "latin1");
  const copies = [];
  let size = 0;
  for (let i = 0; size < (quick ? 4 : 16) * MB; i++) {
    const copy = sample.replace(/\bclass (\w+)/g, (_m, name) => `class ${name}_${i}`);
    copies.push(copy);
    size += copy.length;
  }
  measureChild(`SMS_def.mof style ${quick ? 4 : 16} MB`, write("smsdef-style.mof", copies.join("")));
}
for (const [kind, gen] of [
  ["class-heavy", classHeavy],
  ["instance-heavy", instanceHeavy],
]) {
  for (const mb of sizes) measureChild(`${kind} ${mb} MB`, write(`${kind}-${mb}MB.mof`, gen(mb * MB)));
}

// 10 MB generated file, in-process, for the parser-issue figure.
{
  const file = write("class-heavy-10MB.mof", classHeavy(10 * MB));
  const bytes = statSync(file).size;
  const ms = timeInProcess(() => parseMof(decodeMof(readFileSync(file))), quick ? 2 : 5);
  row("generated 10 MB class-heavy, in-process", bytes, ms);
}

// 4,000 to 40,000 instances: the C compilers of the field take ~10 s for 20,000 or run out of
// parser stack; the time per instance should stay flat.
{
  const text = instanceHeavy(1);
  const one = instanceHeavy(400).split("\n\n").slice(1, 2)[0] + "\n\n";
  const perInstance = [];
  for (const count of [4000, 20000, 40000]) {
    const parts = [text];
    for (let i = 0; i < count; i++) parts.push(one.replace(/ABC\d{5}/, "ABC" + String(i).padStart(5, "0")));
    const file = write(`instances-${count}.mof`, parts.join(""));
    const ms = timeInProcess(() => parseMof(decodeMof(readFileSync(file))), quick ? 1 : 3);
    perInstance.push((ms * 1000) / count);
    row(`${count.toLocaleString("en")} instance of blocks, in-process`, statSync(file).size, ms, { "µs/instance": fmt((ms * 1000) / count, 1) });
  }
  goals.push({ goal: "time per instance, 40,000 / 4,000 instances", ratio: perInstance[2] / perInstance[0], target: 1.25 });
}

// --- 3. end to end convert ---------------------------------------------------------------------
if (existsSync(cli) && existsSync(join(root, "samples", "cm2007"))) {
  const work = join(tmp, "convert");
  mkdirSync(join(work, "in", "mini"), { recursive: true });
  for (let i = 0; i < 1000; i++) {
    writeFileSync(
      join(work, "in", "mini", `ext${i}.mof`),
      `// Extension ${i}\r\n#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\r\n#pragma deleteclass("Bench_Ext${i}", NOFAIL)\r\n[DYNPROPS]\r\nclass Bench_Ext${i}\r\n{\r\n  [key] string KeyName;\r\n  string Value;\r\n};\r\n[DYNPROPS]\r\ninstance of Bench_Ext${i}\r\n{\r\n  KeyName = "Ext${i}";\r\n  [PropertyContext("local|HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Bench|Value${i}"), Dynamic, Provider("RegPropProv")] Value;\r\n};\r\n#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")\r\n[SMS_Report(TRUE), SMS_Group_Name("Bench Ext ${i}"), SMS_Class_ID("BENCH|EXT_${i}|1.0")]\r\nclass Bench_Ext${i} : SMS_Class_Template\r\n{\r\n  [SMS_Report(TRUE), key] string KeyName;\r\n  [SMS_Report(TRUE)] string Value;\r\n};\r\n`,
    );
  }
  const pad = (text, bytes) => {
    let out = text;
    for (let i = 0; out.length < bytes; i++)
      out += `\r\n// padding line ${i} of a large inventory file, kept as written\r\n[SMS_Report(FALSE), SMS_Group_Name("Pad ${i}"), SMS_Class_ID("PAD|P${i}|1.0")]\r\nclass Pad_${i} : SMS_Class_Template\r\n{\r\n  [SMS_Report(FALSE), key] string Name;\r\n};\r\n`;
    return out;
  };
  writeFileSync(join(work, "in", "SMS_def.mof"), pad(readFileSync(join(root, "samples", "sms2003", "SMS_def.mof"), "latin1"), 1 * MB));
  const targets = join(work, "targets");
  mkdirSync(targets, { recursive: true });
  writeFileSync(
    join(targets, "configuration.mof"),
    pad(
      readFileSync(join(root, "samples", "cm2007", "configuration.mof"), "latin1") + '\r\n#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")\r\n',
      1 * MB,
    ),
  );
  writeFileSync(join(targets, "SMS_def.mof"), pad(readFileSync(join(root, "samples", "cm2007", "SMS_def.mof"), "latin1"), 1 * MB));
  const inBytes = Number(spawnSync("du", ["-sb", "--apparent-size", join(work, "in")], { encoding: "utf8" }).stdout.split("\t")[0]);
  const args = [
    cli,
    "convert",
    join(work, "in"),
    "--config-mof",
    join(targets, "configuration.mof"),
    "--sms-def",
    join(targets, "SMS_def.mof"),
    "--color",
    "never",
  ];
  const preview = timeProcess(args, quick ? 1 : 3);
  row("convert 1,000 mini-MOFs + 1 MB SMS_def.mof vs 1 MB targets: preview", inBytes, preview.ms, {
    "peak RSS MB": fmt(preview.rss / MB, 0),
    exit: preview.status,
  });
  // check of the same folder: every file is also looked at for a write cut short next to it.
  const checked = timeProcess([cli, "check", join(work, "in"), "--color", "never"], quick ? 1 : 3);
  row("check of the same 1,000 mini-MOFs, whole process", inBytes, checked.ms, { "peak RSS MB": fmt(checked.rss / MB, 0), exit: checked.status });
  const ts = [];
  let status = 0;
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const copy = join(work, `targets-${i}`);
    cpSync(targets, copy, { recursive: true });
    const t = performance.now();
    const r = spawnSync(
      process.execPath,
      [
        cli,
        "convert",
        join(work, "in"),
        "--config-mof",
        join(copy, "configuration.mof"),
        "--sms-def",
        join(copy, "SMS_def.mof"),
        "--write",
        "--color",
        "never",
      ],
      { encoding: "utf8" },
    );
    ts.push(performance.now() - t);
    status = r.status;
  }
  row("convert, same inputs, --write", inBytes, median(ts), { exit: status });
}

// --- 4. start-up -------------------------------------------------------------------------------
{
  const bare = timeProcess(["-e", "0"], quick ? 5 : 15);
  row("node -e 0", 0, bare.ms);
  if (existsSync(cli)) {
    // The executable keeps a V8 code cache next to its bundle: one run first makes it.
    spawnSync(process.execPath, [cli, "check", join(root, "samples", "cm2007", "SMS_def.mof")], { cwd: root });
    const v = timeProcess([cli, "--version"], quick ? 5 : 15);
    row("mof-migrate --version", 0, v.ms, { ratio: fmt(v.ms / bare.ms, 2) + "x node -e 0" });
    // The floor of any whole-process check: start-up plus loading the MOF parser.
    const empty = timeProcess([cli, "check", emptyFile], quick ? 5 : 15);
    row("mof-migrate check of an empty file", 0, empty.ms, { ratio: fmt(empty.ms / bare.ms, 2) + "x node -e 0" });
    const small = join(root, "samples", "sms2003", "mini", "printers.mof");
    const s = timeProcess([cli, "check", small], quick ? 5 : 15);
    row("mof-migrate check of a small file (a 1 KB mini-MOF)", statSync(small).size, s.ms, { ratio: fmt(s.ms / bare.ms, 2) + "x node -e 0" });
    goals.push({ goal: "check of a small file / node -e 0", ratio: s.ms / bare.ms, target: 1.8 });
    const noCache = timeProcess([cli, "check", small], quick ? 5 : 15, { env: { ...process.env, MOF_MIGRATE_CODE_CACHE: "0" } });
    row("the same without the code cache", 0, noCache.ms, { ratio: fmt(noCache.ms / bare.ms, 2) + "x node -e 0" });
    const withOptions = timeProcess([cli, "check", small, "--color", "never"], quick ? 5 : 15);
    row("the same with an option (loads yargs)", 0, withOptions.ms, { ratio: fmt(withOptions.ms / bare.ms, 2) + "x node -e 0" });
    const yargs = timeProcess(["--input-type=module", "-e", 'await import("yargs")'], quick ? 5 : 15, { cwd: root });
    row("node importing yargs only", 0, yargs.ms, { ratio: fmt(yargs.ms / bare.ms, 2) + "x node -e 0" });
  }
}

// --- report ------------------------------------------------------------------------------------
const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
const line = (cells) => "| " + cells.map((c, i) => String(c).padEnd(width[i])).join(" | ") + " |";
console.log(`node ${process.version}, ${process.platform}/${process.arch}${quick ? ", quick mode" : ""}; idle RSS of a parse child ${fmt(idleRss / MB, 0)} MB`);
console.log(line(cols));
console.log("|" + width.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of rows) console.log(line(cols.map((c) => r[c] ?? "")));
console.log("");
for (const g of goals) console.log(`goal: ${g.goal} = ${fmt(g.ratio, 2)}x (target <= ${fmt(g.target, 2)}x): ${g.ratio <= g.target ? "met" : "not met"}`);
if (!process.argv.includes("--keep")) rmSync(tmp, { recursive: true, force: true });
