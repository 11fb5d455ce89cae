/**
 * The shape of the code, checked (`npm run depcheck`, part of `npm run lint`): one folder per
 * pipeline stage, imports run one way (bytes -> text -> tokens -> AST -> program -> checks |
 * migration -> output -> CLI), no cycles, and the command line uses only the public entries.
 * See README, "Architecture".
 */

/** Stages above a stage: what it must not import (src/util/ imports nothing of the project: its own rule). */
const above = {
  diagnostics: ["document", "program", "check", "migrate", "output", "cli"],
  document: ["program", "check", "migrate", "output", "cli"],
  program: ["check", "migrate", "output", "cli"],
  check: ["migrate", "output", "cli"],
  migrate: ["check", "output", "cli"],
  output: ["check", "cli"],
};

/** The public entries: only the command line (and the executable) may import them. */
const ENTRIES = "^src/(index|syntax)[.]ts$";

const stageRules = Object.entries(above).map(([stage, forbidden]) => ({
  name: `${stage}-imports-only-below`,
  comment: `src/${stage}/ imports only the stages below it, never ${forbidden.join(", ")} or the public entries`,
  severity: "error",
  from: { path: `^src/${stage}/` },
  to: { path: [`^src/(${forbidden.join("|")})/`, ENTRIES] },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import cycle anywhere, type-only imports included",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "grammar-imports-nothing-from-src",
      comment: "grammar/ (tokens, scanner, parser, AST) is the front end everything stands on: it imports nothing from src/",
      severity: "error",
      from: { path: "^grammar/" },
      to: { path: "^src/" },
    },
    {
      name: "grammar-imports-only-chevrotain",
      comment: "grammar/ depends on Chevrotain and Node only",
      severity: "error",
      from: { path: "^grammar/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"], pathNot: "node_modules/chevrotain/" },
    },
    {
      name: "util-imports-nothing",
      comment: "src/util/ holds generic helpers without MOF or ConfigMgr knowledge: it imports nothing of the project",
      severity: "error",
      from: { path: "^src/util/" },
      to: { path: "^(src|grammar)/", pathNot: "^src/util/" },
    },
    ...stageRules,
    {
      name: "cli-imports-only-public-entries",
      comment: "src/cli/ uses the library as a user would: through src/index.ts and src/syntax.ts only (prettier's rule)",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^(src|grammar)/", pathNot: ["^src/cli/", ENTRIES] },
    },
    {
      name: "only-the-cli-imports-the-entries",
      comment: "library modules never import the public entries (that would be a cycle in waiting)",
      severity: "error",
      from: { path: "^(src|grammar)/", pathNot: "^src/cli/" },
      to: { path: ENTRIES },
    },
    {
      name: "only-bin-imports-the-cli",
      comment: "the command line is started by bin/ and imported by nothing else",
      severity: "error",
      from: { path: "^(src|grammar)/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "bin-is-thin",
      comment: "bin/ starts the command line and does nothing else",
      severity: "error",
      from: { path: "^bin/" },
      to: { path: "^(src|grammar)/", pathNot: "^src/cli/main[.]ts$" },
    },
    {
      name: "not-to-unresolvable",
      comment: "every import resolves",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    doNotFollow: { path: "node_modules" },
  },
};
