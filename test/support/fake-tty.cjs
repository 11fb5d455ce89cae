// Preloaded into the CLI by test/terminal.test.ts: makes the stream named by MOF_TEST_TTY
// ("stdout" or "stderr") look like a colour terminal while it is really a pipe, to show that
// colours are decided per stream.
const name = process.env.MOF_TEST_TTY;
if (name === "stdout" || name === "stderr") {
  const stream = process[name];
  Object.defineProperty(stream, "isTTY", { value: true });
  stream.hasColors = () => true;
}
