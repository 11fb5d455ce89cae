#!/usr/bin/env node
// The `mof-migrate` executable: everything happens in src/cli.ts.
import { main } from "../src/cli.js";

process.exitCode = await main(process.argv.slice(2));
