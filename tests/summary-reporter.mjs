// A node:test reporter that prints one closing line, "N passed, N failed", counting leaf tests
// only (Node wraps each file, and each suite, in a parent test that would otherwise count twice).
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const lastNesting = new Map();
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { file = "", nesting, skip, todo } = event.data;
    const previous = lastNesting.get(file);
    lastNesting.set(file, nesting);
    // Children finish before their parent: a test right after a deeper one is a parent.
    if (previous !== undefined && previous > nesting) continue;
    if (skip || todo) skipped += 1;
    else if (event.type === "test:pass") passed += 1;
    else failed += 1;
  }
  yield `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`;
}
