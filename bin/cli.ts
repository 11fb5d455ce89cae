// The command-line program as `npm run build` bundles it (dist/cli/mof-migrate.cjs): everything
// happens in src/cli/main.ts. bin/mof-migrate.ts is the executable that loads the bundle.
import { main } from "../src/cli/main.js";

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
