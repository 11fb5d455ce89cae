#!/usr/bin/env node
// mof-migrate long fuzz run: the properties of test/fuzz.test.ts (test/support/*.mjs) against the
// built library in dist/, for a time budget or a number of cases, with a random seed printed
// first so that any failure can be replayed. They cover the whole pipeline: decoding,
// tokenizing and parsing of generated and damaged text, and generated folders through finding,
// loading, checking, planning, applying and splitting, and through the built command line
// (check, convert --write, a second run). The run ends with how many cases each property tried.
//
// Usage: npm run fuzz [-- --seconds 60] [--runs N] [--seed S] [--only "name part"] [--path P]
//   --seconds  total time budget, shared among the properties by weight (default 60)
//   --runs     cases per property instead of a time budget (also FUZZ_RUNS=N)
//   --seed     seed to use (default: random, printed)
//   --only     run only the properties whose name contains this text
//   --path     replay one counterexample: with --seed and --only, as printed after a failure
//   --dist     folder of the build to test (default dist/)
//
// Each property runs in its own worker thread with a memory limit, so a case that exhausts
// memory or hangs is reported (with the input it was running) instead of killing the run.
// MOF_CORPUS points at the shared corpus (default ../shared/corpus); without it, only samples/.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import fc from "fast-check";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const support = (p) => import(pathToFileURL(join(root, "test", "support", p)).href);
const distArg = process.argv.findIndex((a) => a === "--dist" || a.startsWith("--dist="));
const dist = resolve(isMainThread ? (distArg < 0 ? join(root, "dist") : (process.argv[distArg].split("=")[1] ?? process.argv[distArg + 1])) : workerData.dist);
const built = (p) => import(pathToFileURL(join(dist, p)).href);

/** Worker heap limit: a parse that needs more than this is a failure, not a crash of the run. */
const WORKER_HEAP_MB = 3072;
/** A single case running longer than this (no new case started) is reported as a hang. */
const HANG_MS = 30_000;
/** The least time an async (pipeline) property gets when the run has a time budget. */
const ASYNC_MIN_MS = 10_000;
/** Room for the recorded current case, shared with the main thread. */
const CASE_BYTES = 256 * 1024;

if (isMainThread) await main();
else await worker(workerData);

// ---------------------------------------------------------------------------------------------
// Main thread

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(dist, "index.js"))) {
    console.error(`${dist} has no index.js: run \`npm run build\` first (\`npm run fuzz\` does)`);
    process.exit(2);
  }
  const seed = args.seed ?? (Math.random() * 0x7fffffff) | 0;
  const runs = args.runs ?? (process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined);
  const seconds = args.seconds ?? 60;
  const inputs = await readInputs();
  const names = (await allProperties(inputs)).map((p) => ({ name: p.name, weight: p.weight, async: p.async === true }));
  const selected = names.filter((p) => !args.only || p.name.includes(args.only));
  if (selected.length === 0) {
    console.error(`no property matches --only ${JSON.stringify(args.only)}; properties: ${names.map((p) => p.name).join("; ")}`);
    process.exit(2);
  }
  const totalWeight = selected.reduce((n, p) => n + p.weight, 0);
  const budget = runs !== undefined ? `${runs} cases per property (x weight)` : `${seconds} s in all`;
  console.log(
    `mof-migrate fuzz: seed ${seed}, ${budget}, ${inputs.length} real files to damage, ${selected.length} properties, build ${relative(root, dist) || "."}`,
  );
  console.log(`replay: npm run fuzz -- --seed ${seed}${runs !== undefined ? ` --runs ${runs}` : ` --seconds ${seconds}`}\n`);

  const started = performance.now();
  const jobs = selected.map((p) => ({
    name: p.name,
    seed,
    path: args.path,
    numRuns: runs !== undefined ? Math.max(1, Math.round(runs * p.weight)) : undefined,
    // Properties run two (or more) at a time, so each gets its share of the budget times that.
    // A case of the pipeline's properties writes a folder and runs the command line: they get a few seconds at least.
    timeMs: runs !== undefined ? undefined : Math.max(p.async ? ASYNC_MIN_MS : 1000, (seconds * 1000 * p.weight * concurrency(selected.length)) / totalWeight),
  }));
  const results = await runAll(jobs, concurrency(jobs.length));
  const elapsed = (performance.now() - started) / 1000;

  console.log("");
  printTable(results);
  const failed = results.filter((r) => r.status !== "ok");
  const cases = results.reduce((n, r) => n + (r.numRuns ?? 0), 0);
  console.log(
    `\n${cases} cases in ${elapsed.toFixed(1)} s (seed ${seed}): ${failed.length === 0 ? "no failure" : `${failed.length} propert${failed.length === 1 ? "y" : "ies"} failed`}`,
  );
  for (const r of failed) {
    console.log(`\n✗ ${r.name}: ${r.status}`);
    if (r.counterexample) console.log(`  counterexample: ${r.counterexample}`);
    if (r.error) console.log(`  error: ${r.error.split("\n").join("\n    ")}`);
    if (r.replay) console.log(`  replay: npm run fuzz -- --seed ${seed} --only ${JSON.stringify(r.name)} --path ${JSON.stringify(r.replay)}`);
  }
  process.exitCode = failed.length === 0 ? 0 : 1;
}

function concurrency(jobs) {
  return Math.max(1, Math.min(jobs, availableParallelism()));
}

/** Run jobs in workers, `parallel` at a time; resolves with one result per job, in job order. */
async function runAll(jobs, parallel) {
  const results = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await runJob(jobs[i]);
      const r = results[i];
      console.log(
        `${r.status === "ok" ? "✓" : "✗"} ${r.name}: ${r.numRuns ?? "?"} cases, ${(r.ms / 1000).toFixed(1)} s${r.status === "ok" ? "" : ` (${r.status})`}`,
      );
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return results;
}

/** One property in one worker, watched for crashes (out of memory) and hangs. */
function runJob(job) {
  const shared = new SharedArrayBuffer(8 + CASE_BYTES);
  const started = performance.now();
  return new Promise((done) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { ...job, shared, dist }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      done({ name: job.name, ms: performance.now() - started, ...result });
    };
    // The worker bumps a counter before each case; a counter that stops moving is a hang.
    let lastCount = -1;
    let lastChange = performance.now();
    const watchdog = setInterval(() => {
      const count = Atomics.load(new Int32Array(shared, 0, 2), 0);
      if (count !== lastCount) {
        lastCount = count;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > HANG_MS) {
        finish({ status: `hang: one case ran for over ${HANG_MS / 1000} s`, numRuns: count, counterexample: currentCase(shared) });
        w.terminate();
      }
    }, 1000);
    w.on("message", (m) => finish(m));
    w.on("error", (e) =>
      finish({
        status: `worker crashed: ${e.code ?? ""} ${e.message}`.trim(),
        numRuns: Atomics.load(new Int32Array(shared, 0, 2), 0),
        counterexample: currentCase(shared),
      }),
    );
    w.on("exit", (code) => finish({ status: `worker exited with code ${code}`, counterexample: currentCase(shared) }));
  });
}

/** The case the worker was running, as it recorded it. */
function currentCase(shared) {
  const length = Atomics.load(new Int32Array(shared, 0, 2), 1);
  return new TextDecoder().decode(new Uint8Array(shared, 8, Math.min(length, CASE_BYTES)));
}

function printTable(results) {
  const rows = results.map((r) => ({
    property: r.name,
    cases: r.numRuns ?? "?",
    seconds: (r.ms / 1000).toFixed(1),
    "cases/s": r.numRuns ? Math.round(r.numRuns / (r.ms / 1000)) : "-",
    result: r.status === "ok" ? "ok" : "FAILED",
  }));
  console.table(rows);
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--seconds") out.seconds = Number(value());
    else if (flag === "--runs") out.runs = Number(value());
    else if (flag === "--seed") out.seed = Number(value());
    else if (flag === "--only") out.only = value();
    else if (flag === "--path") out.path = value();
    else if (flag === "--dist")
      value(); // read at start-up
    else {
      console.error(`unknown argument ${argv[i]}; see the usage at the top of bench/fuzz.mjs`);
      process.exit(2);
    }
  }
  for (const k of ["seconds", "runs", "seed"]) {
    if (out[k] !== undefined && !Number.isFinite(out[k])) {
      console.error(`--${k} needs a number`);
      process.exit(2);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Shared by both threads

async function library() {
  const [index, { tokenize, printTokens, stringLiteralRanges }] = await Promise.all([built("index.js"), built("syntax.js")]);
  return { ...index, tokenize, printTokens, stringLiteralRanges, bin: join(dist, "bin", "mof-migrate.js") };
}

/** The parser's properties and the whole pipeline's, on the built library. */
async function allProperties(inputs) {
  const [{ fuzzProperties }, { pipelineProperties }] = await Promise.all([support("fuzz-properties.mjs"), support("pipeline-properties.mjs")]);
  const lib = await library();
  return [...fuzzProperties(lib, inputs), ...pipelineProperties(lib, inputs)];
}

/** The samples and a few corpus files (chosen as test/fuzz.test.ts chooses them). */
async function readInputs() {
  const files = [];
  const walk = (folder) => {
    for (const e of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.mof$/i.test(e.name)) files.push({ name: relative(root, path), bytes: new Uint8Array(readFileSync(path)) });
    }
  };
  walk(join(root, "samples"));
  const corpus = resolve(process.env.MOF_CORPUS ?? join(root, "..", "shared", "corpus"));
  if (existsSync(join(corpus, "MANIFEST.tsv"))) {
    const manifest = readTsv(join(corpus, "MANIFEST.tsv")).map((r) => ({ path: r.local_path, encoding: r.encoding, lineEndings: r.line_endings }));
    const expected = readTsv(join(corpus, "EXPECTED.tsv")).map((r) => ({ path: r.local_path, expect: r.expect }));
    const { pickCorpusFiles } = await support("fuzz-properties.mjs");
    for (const p of pickCorpusFiles(manifest, expected, (f) => statSync(join(corpus, f)).size)) {
      files.push({ name: "corpus/" + p, bytes: new Uint8Array(readFileSync(join(corpus, p))) });
    }
  }
  return files;
}

function readTsv(path) {
  const [header, ...rows] = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const cols = header.split("\t");
  return rows.map((row) => {
    const cells = row.split("\t");
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}

// ---------------------------------------------------------------------------------------------
// Worker thread: one property

async function worker({ name, seed, path, numRuns, timeMs, shared }) {
  const { toProperty } = await support("fuzz-properties.mjs");
  const inputs = await readInputs();
  const property = (await allProperties(inputs)).find((p) => p.name === name);
  const header = new Int32Array(shared, 0, 2);
  const caseBytes = new Uint8Array(shared, 8, CASE_BYTES);
  const encoder = new TextEncoder();
  let count = 0;
  // Record each case before running it: if it kills or hangs the worker, the main thread can say which.
  const recorded = (...args) => {
    const { written } = encoder.encodeInto(fc.stringify(args), caseBytes);
    Atomics.store(header, 1, written);
    Atomics.store(header, 0, ++count);
    return property.predicate(...args);
  };
  const options = { seed, ...(path ? { path, endOnFailure: true } : {}) };
  if (numRuns !== undefined) options.numRuns = numRuns;
  else Object.assign(options, { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: timeMs, markInterruptAsFailure: false });
  // The pipeline's properties are async (they write folders); fc.check then returns a promise.
  const details = await fc.check(toProperty(property, recorded), options);
  parentPort.postMessage({
    status: details.failed ? "failed" : "ok",
    numRuns: details.numRuns,
    ...(details.failed
      ? {
          counterexample: truncate(fc.stringify(details.counterexample), 4000),
          error: truncate(details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance), 4000),
          replay: details.counterexamplePath,
        }
      : {}),
  });
}

function truncate(s, n) {
  return s.length > n ? s.slice(0, n) + ` … (${s.length} characters)` : s;
}
