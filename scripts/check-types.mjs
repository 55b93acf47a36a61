// The public TypeScript surface, pinned: pkg/tomticket_wasm.d.ts must equal the golden copy in
// tests/golden/, and must not use `any`. After an intended change: UPDATE_GOLDEN=1 make test
// (or `UPDATE_GOLDEN=1 node scripts/check-types.mjs`) and commit the new golden file.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = path.join(root, "pkg", "tomticket_wasm.d.ts");
const golden = path.join(root, "tests", "golden", "tomticket_wasm.d.ts");
const text = fs.readFileSync(built, "utf8");

// `any` in the public surface. wasm-bindgen's own init plumbing (`InitInput`, `InitOutput`: the raw
// wasm exports, at the end of the file) is not ours and is not re-exported as API.
const ours = text.split(/^export type InitInput\b/m)[0];
const anyLines = ours
  .split("\n")
  .map((l, i) => [i + 1, l])
  .filter(([, l]) => /\bany\b/.test(l) && !/^\s*(\/\/|\/?\*)/.test(l));
let ok = true;
if (anyLines.length) {
  ok = false;
  console.log(`FAIL types: \`any\` in the public .d.ts:\n${anyLines.map(([n, l]) => `  ${n}: ${l.trim()}`).join("\n")}`);
}

// The golden copy pins `ours` only: the raw-export listing after it names closures by a hash of
// the code (`…__invoke__h1b8c…`) that changes with any edit of the Rust, not with the API.
if (process.env.UPDATE_GOLDEN) {
  fs.mkdirSync(path.dirname(golden), { recursive: true });
  fs.writeFileSync(golden, ours);
  console.log(`updated ${path.relative(root, golden)}`);
} else if (!fs.existsSync(golden)) {
  ok = false;
  console.log(`FAIL types: no golden file; run UPDATE_GOLDEN=1 node scripts/check-types.mjs`);
} else {
  const want = fs.readFileSync(golden, "utf8");
  if (want !== ours) {
    ok = false;
    const a = want.split("\n"), b = ours.split("\n");
    const diffs = [];
    for (let i = 0; i < Math.max(a.length, b.length) && diffs.length < 20; i++) {
      if (a[i] !== b[i]) diffs.push(`  line ${i + 1}:\n    golden: ${a[i] ?? "(none)"}\n    built:  ${b[i] ?? "(none)"}`);
    }
    console.log(`FAIL types: the .d.ts changed (intended? UPDATE_GOLDEN=1 node scripts/check-types.mjs)\n${diffs.join("\n")}`);
  }
}
const decls = (ours.match(/^export (interface|type|class|function) /gm) ?? []).length;
if (ok) console.log(`PASS types: ${decls} exported declarations match tests/golden, no \`any\``);
process.exit(ok ? 0 : 1);
