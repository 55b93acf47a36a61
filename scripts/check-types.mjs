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

// The package type-checks WITHOUT skipLibCheck in a Node-only project (lib es2022 + @types/node)
// and in a DOM-only one (lib es2022 + dom), and every TypeScript snippet of both READMEs
// type-checks against it (so that their comments and calls cannot drift from the types).
import { execFileSync } from "node:child_process";
const tsc = path.join(root, "tools", "node_modules", ".bin", "tsc");
const work = path.join(root, "target", "types-check");
fs.rmSync(work, { recursive: true, force: true });
const USE = `import { TomTicketClient, isTomTicketError, validateNewCustomer, decodeTicket, type Customer, type Quota } from "tomticket-wasm";
const tt = new TomTicketClient({ token: "t", timeoutMs: 1000, retry: false });
export const customer: Promise<Customer> = tt.getCustomer({ customerId: "x" }, { signal: new AbortController().signal });
export const quota = (c: Customer): Quota | null => c.monthlyTicketQuota;
export const issues = validateNewCustomer({ customerId: "a", name: "b" }).map((i) => i.field);
export const guard = (e: unknown) => isTomTicketError(e) && e.kind === "rateLimited" ? e.retryAfterMs : undefined;
export const ticket = decodeTicket(200, "{}").priority;
`;
const PREAMBLE = `import type { NewCustomer } from "tomticket-wasm";
declare const env: { TOMTICKET_TOKEN: string; TOMTICKET_WEBHOOK_SECRET: string };
declare const departmentId: string;
declare const operatorId: string;
declare const fileInput: { files: FileList };
declare const pdf: ArrayBuffer;
declare const blobWithName: { data: Blob; name: string };
declare const signal: AbortSignal;
declare const request: Request;
declare const ticketId: string;
declare const form: { oninput: (() => void) | null };
declare function readForm(): NewCustomer;
declare function showError(field: string, message: string): void;
`;
function project(name, lib, types, files) {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(path.join(root, "pkg"), path.join(dir, "node_modules", "tomticket-wasm"), "dir");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, skipLibCheck: false, target: "es2022", lib, types,
      typeRoots: [path.join(root, "tools", "node_modules", "@types")],
      module: "nodenext", moduleResolution: "nodenext",
    },
    include: ["*.ts"],
  }));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  try {
    execFileSync(tsc, ["-p", dir], { encoding: "utf8", stdio: "pipe" });
    console.log(`PASS types: ${name} (${lib.join(" + ")}${types.length ? " + @types/" + types.join(", @types/") : ""}, no skipLibCheck): ${Object.keys(files).length} file(s)`);
  } catch (e) {
    ok = false;
    console.log(`FAIL types: ${name}\n${(e.stdout || "") + (e.stderr || "")}`);
  }
}
project("node-only", ["es2022"], ["node"], { "use.ts": USE.replace("new AbortController().signal", "AbortSignal.timeout(1)") });
project("dom-only", ["es2022", "dom"], [], { "use.ts": USE });
const snippets = {};
for (const readme of ["README.md", path.join("pkg-template", "README.md")]) {
  const text = fs.readFileSync(path.join(root, readme), "utf8");
  [...text.matchAll(/```ts\n([\s\S]*?)```/g)].forEach((m, i) => {
    snippets[`${readme.replace(/[\/.]/g, "_")}_${i}.ts`] = PREAMBLE + m[1] + "\nexport {};\n";
  });
}
project("readme-snippets", ["es2022", "dom"], ["node"], snippets);

// The README's size figures come from target/pkg-size.json (written by every build of the
// package), never typed by hand: UPDATE_README=1 rewrites the block.
const sizes = JSON.parse(fs.readFileSync(path.join(root, "target", "pkg-size.json"), "utf8"));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizeText = `What a browser loads (\`target/pkg-size.json\`, written by every build): **${kib(sizes.loadedByBrowser.gzip)} gzip**
(${kib(sizes.loadedByBrowser.raw)} raw): the \`.wasm\` ${kib(sizes.wasm.gzip)} gzip / ${kib(sizes.wasm.raw)} raw, the JS glue and
entries ${kib(sizes.js.gzip)} gzip. Through \`tomticket-wasm/inline\` (the \`.wasm\` inside the JS, for esbuild,
Rollup and bun): ${kib(sizes.loadedByInline?.gzip ?? 0)} gzip. The whole package, types, README and that second copy of the
\`.wasm\` included: ${kib(sizes.all.gzip)} gzip.
`;
// The same figures, each within 0.2 KiB: a build in another checkout may differ by a few bytes
// (paths hashed into snippet names), which must not fail the check.
function sameFigures(a, b) {
  const nums = (t) => [...t.matchAll(/(\d+\.\d) KiB/g)].map((m) => Number(m[1]));
  const x = nums(a), y = nums(b);
  return x.length === y.length && x.every((v, i) => Math.abs(v - y[i]) <= 0.2);
}
const SIZE_BEGIN = "<!-- size: generated from target/pkg-size.json by scripts/check-types.mjs (UPDATE_README=1) -->\n";
const SIZE_END = "<!-- /size -->";
const readmePath = path.join(root, "README.md");
const readme = fs.readFileSync(readmePath, "utf8");
const a = readme.indexOf(SIZE_BEGIN), b = readme.indexOf(SIZE_END);
if (a < 0 || b < a) {
  ok = false;
  console.log("FAIL README: no size block markers");
} else if (!sameFigures(readme.slice(a + SIZE_BEGIN.length, b), sizeText)) {
  if (process.env.UPDATE_README) {
    fs.writeFileSync(readmePath, readme.slice(0, a + SIZE_BEGIN.length) + sizeText + readme.slice(b));
    console.log("updated README.md size figures");
  } else {
    ok = false;
    console.log(`FAIL README: its size figures differ from target/pkg-size.json (UPDATE_README=1 node scripts/check-types.mjs):\n${sizeText}`);
  }
} else {
  console.log(`PASS README: size figures match target/pkg-size.json (${kib(sizes.loadedByBrowser.gzip)} gzip loaded by a browser)`);
}
process.exit(ok ? 0 : 1);
