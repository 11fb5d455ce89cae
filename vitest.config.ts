import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests import the library by its package name, as users do (the `yaml` way): "mof-migrate" and
// "mof-migrate/syntax" are the public entries in src/. Only tests of grammar/ and src/util/
// import modules directly. `chevrotain` is its single-file build, as in the bundles (grammar/chevrotain.ts).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^mof-migrate\/syntax$/, replacement: fileURLToPath(new URL("./src/syntax.ts", import.meta.url)) },
      { find: /^mof-migrate$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
      { find: /^chevrotain$/, replacement: fileURLToPath(new URL("./node_modules/chevrotain/lib/chevrotain.mjs", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
