#!/usr/bin/env node
// The `mof-migrate` executable: everything happens in src/cli/main.ts.
import { main } from "../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
