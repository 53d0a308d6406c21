// A node:test reporter that closes with the failed tests, each with the first lines of its error,
// and one last line, "N passed, N failed", counting leaf tests only (Node wraps each file, and
// each suite, in a parent test that would otherwise count twice). CI shows only the end of a
// long log, so what failed and why is repeated here.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  const lastNesting = new Map();
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { file = "", nesting, skip, todo, name, details } = event.data;
    const previous = lastNesting.get(file);
    lastNesting.set(file, nesting);
    // Children finish before their parent: a test right after a deeper one is a parent.
    if (previous !== undefined && previous > nesting) continue;
    if (skip || todo) skipped += 1;
    else if (event.type === "test:pass") passed += 1;
    else {
      failed += 1;
      failures.push(`✖ ${name}\n${reason(details?.error)}`);
    }
  }
  if (failures.length) yield `\nFailed:\n${failures.join("\n")}\n`;
  yield `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`;
}

// The runner wraps a test's own error in one of its own ("test failed"); the cause is what matters.
function reason(error) {
  const cause = error?.cause ?? error;
  const text = String(cause?.stack ?? cause?.message ?? cause ?? "no error given");
  return text
    .split("\n")
    .slice(0, 8)
    .map((line) => `    ${line}`)
    .join("\n");
}
