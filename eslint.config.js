// ESLint: the recommended JavaScript and TypeScript rules, for the code, the tests and the scripts.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config({ ignores: ["dist/", "node_modules/", ".bench-tmp/", "coverage/"] }, js.configs.recommended, ...tseslint.configs.recommended, {
  languageOptions: { globals: globals.node },
  rules: {
    // `_` marks what is unused on purpose.
    "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    // Non-null assertions follow a check the compiler cannot see (a map filled just before).
    "@typescript-eslint/no-non-null-assertion": "off",
    // Control characters in patterns are what the scanner and the binary-file test look for.
    "no-control-regex": "off",
  },
});
