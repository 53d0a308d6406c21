#!/usr/bin/env node
// Checks that every translation key sits in a part of `src/i18n.rs` that is loaded wherever the
// key is shown. The words at the top of the table are in the main wasm module; each `mod` part
// is loaded by the areas (`src/areas.rs`) that call its `load()`. A key of a part that the main
// module's code shows, or that an area shows without loading its part, would stay empty until
// some other screen happened to load it, so this fails the build before that reaches a phone.
//
// Which code goes where is derived the way wasm-split-cli decides it: an item (a function, a
// type with its impls, a const) that the main module's code can reach, following names, `use`
// and `crate::` paths and `pub use` re-exports, is in the main module; an item only an area's
// `#[wasm_split]` function reaches is in that area's chunk. A type's methods count as one item,
// which errs on the safe side: a key named in any method of a main-module type must be at the top.
//
// `node scripts/check-words.mjs [src-dir]` prints what is wrong and exits 1, or prints a summary.
import fs from "node:fs";
import path from "node:path";

const src = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "..", "src"));

/** Source without comments, strings and `#[cfg(test)]` modules: what the wasm build compiles. */
function code(file) {
  const text = fs.readFileSync(file, "utf8");
  let out = "";
  for (let i = 0; i < text.length; ) {
    if (text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (text.startsWith("/*", i)) {
      i = text.indexOf("*/", i + 2) + 2;
    } else if (text[i] === '"' || (text[i] === "r" && /^r#*"/.test(text.slice(i, i + 8)) && !/\w/.test(text[i - 1] ?? ""))) {
      const hashes = text[i] === "r" ? /^r(#*)"/.exec(text.slice(i))[1] : null;
      const end = hashes === null ? '"' : '"' + hashes;
      i += hashes === null ? 1 : hashes.length + 2;
      while (i < text.length && !text.startsWith(end, i)) i += hashes === null && text[i] === "\\" ? 2 : 1;
      i += end.length;
      out += '""';
    } else if (text[i] === "'" && /^'(\\.|[^\\'])'/.test(text.slice(i, i + 4))) {
      i += /^'(\\.|[^\\'])'/.exec(text.slice(i))[0].length;
      out += "' '";
    } else {
      out += text[i++];
    }
  }
  return stripTests(out);
}

function stripTests(text) {
  const start = /#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/g;
  let match;
  while ((match = start.exec(text))) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
    }
    text = text.slice(0, match.index) + text.slice(i);
    start.lastIndex = match.index;
  }
  return text;
}

// The module tree: "crate::pages::plans" → its file, and each module's code.
const modules = new Map();
function addModule(name, file) {
  const text = code(file);
  modules.set(name, { name, file, text });
  const dir = path.basename(file) === "mod.rs" || name === "crate" ? path.dirname(file) : file.slice(0, -3);
  for (const [, child] of text.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;/gm)) {
    const flat = path.join(dir, `${child}.rs`);
    addModule(`${name}::${child}`, fs.existsSync(flat) ? flat : path.join(dir, child, "mod.rs"));
  }
}
addModule("crate", path.join(src, "main.rs"));

/** `use` trees flattened into full paths, with the name each one is known by in the module. */
function uses(module) {
  const found = [];
  const walk = (prefix, tree) => {
    tree = tree.trim();
    const brace = tree.indexOf("{");
    if (brace >= 0) {
      const head = tree.slice(0, brace).replace(/::\s*$/, "");
      const inner = tree.slice(brace + 1, tree.lastIndexOf("}"));
      let depth = 0, part = "";
      for (const c of inner + ",") {
        if (c === "," && depth === 0) {
          if (part.trim()) walk(join(prefix, head), part);
          part = "";
        } else {
          if (c === "{") depth++;
          if (c === "}") depth--;
          part += c;
        }
      }
      return;
    }
    const [full, alias] = tree.split(/\s+as\s+/);
    const segments = join(prefix, full.trim()).split("::");
    if (segments.at(-1) === "self") segments.pop();
    found.push({ path: segments, alias: alias?.trim() ?? segments.at(-1), public: false });
  };
  for (const [, vis, tree] of module.text.matchAll(/^\s*(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);/gm)) {
    const before = found.length;
    walk("", tree);
    for (const entry of found.slice(before)) entry.public = Boolean(vis);
  }
  return found.map((entry) => ({ ...entry, path: absolute(module.name, entry.path) }));
}
const join = (a, b) => (a ? `${a}::${b}` : b);

/** A path as written in `module` → a full path from `crate`, or null outside this crate. */
function absolute(moduleName, segments) {
  const here = moduleName.split("::");
  const [first, ...rest] = segments;
  if (first === "crate") return segments;
  if (first === "self") return [...here, ...rest];
  if (first === "super") return absolute(here.slice(0, -1).join("::"), rest.length ? ["self", ...rest] : ["self"]);
  if (modules.has(`${moduleName}::${first}`)) return [...here, ...segments];
  return null;
}

const useCache = new Map();
const usesOf = (module) => useCache.get(module.name) ?? useCache.set(module.name, uses(module)).get(module.name);

// Items are the unit: a file's top-level `fn`, type (with all its `impl` blocks), const,
// static or macro. wasm-split-cli moves functions, so a file such as `labels/mod.rs`, whose
// mappers serve both the first screen and the areas, is split the same way here.
const items = new Map();
const itemName = (head) =>
  /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+|const\s+|unsafe\s+)*(?:fn|struct|enum|trait|type|const|static|union|mod|macro_rules!)\s*(\w+)/.exec(head)?.[1] ??
  /^\s*(?:unsafe\s+)?impl\b(?:\s*<(?:[^<>]|<[^<>]*>)*>)?\s+(?:[^{]*?\bfor\s+)?(?:&|dyn\s+)?([\w:]+)/.exec(head)?.[1]?.split("::").at(-1);
for (const module of modules.values()) {
  const text = module.text;
  let depth = 0, from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") depth--;
    if (depth === 0 && (c === ";" || c === "}")) {
      const chunk = text.slice(from, i + 1);
      from = i + 1;
      const head = chunk.replace(/#!?\[[^\]]*\]/g, "").replace(/^\s*(pub\s+)?(use|mod\s+\w+\s*;)[^;]*;?/, "");
      if (!head.trim() || /^\s*(pub(\([^)]*\))?\s+)?(use|mod\s+\w+\s*;)/.test(chunk.replace(/#!?\[[^\]]*\]/g, ""))) continue;
      const name = itemName(head) ?? "<macro>";
      const id = `${module.file}#${name}`;
      const item = items.get(id) ?? { id, name, module, text: "" };
      item.text += chunk;
      items.set(id, item);
    }
  }
}
const namesIn = new Map();
for (const item of items.values()) {
  if (!namesIn.has(item.module.file)) namesIn.set(item.module.file, new Set());
  namesIn.get(item.module.file).add(item.name);
}

/** The item a full path names, following `pub use` re-exports; null outside this crate. */
function target(segments, seen = new Set()) {
  if (!segments) return null;
  let depth = segments.length;
  while (depth > 0 && !modules.has(segments.slice(0, depth).join("::"))) depth--;
  if (depth === 0) return null;
  const module = modules.get(segments.slice(0, depth).join("::"));
  const item = segments[depth];
  if (item === undefined || seen.has(module.name + item)) return null;
  seen.add(module.name + item);
  const reexport = usesOf(module).find((entry) => entry.public && entry.alias === item && entry.path);
  if (reexport) return target([...reexport.path, ...segments.slice(depth + 1)], seen);
  return items.get(`${module.file}#${item}`) ?? null;
}

/** The items that an item's code names. */
function references(item) {
  const found = new Set();
  const { module, text } = item;
  const words = new Set(text.match(/\b[A-Za-z_]\w*\b/g));
  for (const name of namesIn.get(module.file)) {
    if (name !== item.name && words.has(name)) found.add(items.get(`${module.file}#${name}`));
  }
  for (const entry of usesOf(module)) {
    if (entry.path && words.has(entry.alias)) {
      const named = target(entry.path);
      if (named) found.add(named);
    }
  }
  for (const [written] of text.matchAll(/\b(?:crate|super|self|[a-z_]\w*)(?:::\w+)+/g)) {
    const segments = written.split("::");
    const alias = usesOf(module).find((entry) => entry.path && entry.alias === segments[0]);
    const named = target(alias ? [...alias.path, ...segments.slice(1)] : absolute(module.name, segments));
    if (named) found.add(named);
  }
  found.delete(item);
  return found;
}
const edges = new Map([...items.values()].map((item) => [item, references(item)]));

// An area is a `#[wasm_split]` function (src/areas.rs): what only it reaches is its chunk.
// `words(i18n::<part>::load)` loads that part and the shared one (see `fn words` there).
const splits = [...items.values()].filter((item) => /#\[wasm_split\(/.test(item.text));
const shared = [...(items.get(`${modules.get("crate::areas").file}#words`)?.text ?? "").matchAll(/i18n::(\w+)::load\(\)/g)].map((m) => m[1]);
const areaParts = new Map(
  splits.map((item) => {
    const parts = [...item.text.matchAll(/i18n::(\w+)::load\b(?!\()/g)].map((m) => m[1]);
    return [item, new Set(/\bwords\(/.test(item.text) ? [...parts, ...shared] : parts)];
  }),
);

function reach(roots, stop = new Set()) {
  const seen = new Set(roots);
  const queue = [...roots];
  while (queue.length) {
    for (const next of edges.get(queue.pop())) {
      if (!seen.has(next) && !stop.has(next)) seen.add(next), queue.push(next);
    }
  }
  return seen;
}
const rootFile = modules.get("crate").file;
const main = reach([...items.values()].filter((item) => item.module.file === rootFile), new Set(splits));

// The table: the keys before the first `mod` are always there; each `mod <part> { … }` is a part.
const table = fs.readFileSync(path.join(src, "i18n.rs"), "utf8");
const body = table.slice(table.indexOf("translations! {"));
const partOf = new Map();
let part = null;
for (const line of body.split("\n")) {
  const opens = /^\s*mod\s+(\w+)\s*\{/.exec(line);
  if (opens) part = opens[1];
  else if (/^\s*\}\s*$/.test(line) && part) part = null;
  const key = /^\s*([A-Z]\w*)\s*=>/.exec(line);
  if (key) partOf.set(key[1], part);
}

/** The app's translation keys an item names (`store` has a storage `Key` of its own). */
function keysIn(item) {
  const named = usesOf(item.module).some((entry) => entry.alias === "Key" && entry.path?.join("::") === "crate::i18n::Key");
  const pattern = named ? /\b(?:i18n::)?Key::([A-Z]\w*)/g : /\bi18n::Key::([A-Z]\w*)/g;
  return new Set([...item.text.matchAll(pattern)].map((m) => m[1]));
}
const problems = [];
const where = (item) => `${path.relative(path.dirname(src), item.module.file)} (${item.name})`;
const shown = new Set();
const check = (item, allowed, place) => {
  for (const key of keysIn(item)) {
    shown.add(key);
    const part = partOf.get(key);
    if (part === undefined) problems.push(`${where(item)}: Key::${key} is not in src/i18n.rs`);
    else if (part !== null && !allowed.has(part)) {
      problems.push(`${where(item)} is ${place} and shows Key::${key}, which is in \`mod ${part}\``);
    }
  }
};
for (const item of main) check(item, new Set(), "in the main module");
const areaSizes = [];
for (const [split, parts] of areaParts) {
  const own = [...reach([split])].filter((item) => !main.has(item));
  areaSizes.push(`${split.name} ${own.length}`);
  for (const item of own) check(item, parts, `in the ${split.name} area, which loads ${[...parts].join(" and ")}`);
}
for (const key of partOf.keys()) if (!shown.has(key)) problems.push(`Key::${key} (src/i18n.rs) is shown nowhere`);

if (problems.length) {
  console.error(`check-words: ${problems.length} problem(s)\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`check-words: all ${partOf.size} keys are loaded where they are shown (items: main module ${main.size}; ${areaSizes.join(", ")})`);
