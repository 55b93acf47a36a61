#!/usr/bin/env node
// The marginal size of one call: the package built as it is (target/pkg-size.json) against the
// package built from a copy of the repository with that call's row removed from `with_calls!`
// (its codec is then unused and dropped by the linker). Prints the difference of the `.wasm`
// and of everything a browser loads, raw and gzip.
//
//   node bench/marginal-size.mjs [callName...]      (default: every call)
//
// Needs pkg/ built (`node scripts/build-pkg.mjs`). Work copies go to target/marginal/<call>/.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const base = JSON.parse(fs.readFileSync(path.join(ROOT, "target", "pkg-size.json"), "utf8"));
const calls = fs.readFileSync(path.join(ROOT, "src", "core", "calls.rs"), "utf8");
const rows = [...calls.matchAll(/^( *\/\/\/[^\n]*\n)* *(\w+): (Get|Post) "[^"]*"[^\n]*\n[^\n]*= [\w:]+;\n/gm)];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : rows.map((r) => r[2]);
const out = [];
for (const name of wanted) {
  const row = rows.find((r) => r[2] === name);
  if (!row) throw new Error(`no row ${name} in with_calls!`);
  const dir = path.join(ROOT, "target", "marginal", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ["Cargo.toml", "Cargo.lock", "src", "pkg-template", "scripts", "tools", "README.md", "LICENSE"]) {
    const from = path.join(ROOT, f);
    if (!fs.existsSync(from)) continue;
    if (f === "tools") fs.symlinkSync(from, path.join(dir, f));
    else fs.cpSync(from, path.join(dir, f), { recursive: true });
  }
  const callsCopy = path.join(dir, "src", "core", "calls.rs");
  fs.writeFileSync(callsCopy, fs.readFileSync(callsCopy, "utf8").replace(row[0], ""));
  try {
    execFileSync("node", ["scripts/build-pkg.mjs"], { cwd: dir, stdio: ["ignore", "ignore", "ignore"], env: { ...process.env, CARGO_TARGET_DIR: path.join(ROOT, "target", "marginal", "cargo") } });
  } catch {
    // Another part of the package uses this call (e.g. replyAsOperatorSafely reads getTicketV2).
    console.log(`${name}: not removable on its own (the package does not build without it)`);
    continue;
  }
  const without = JSON.parse(fs.readFileSync(path.join(dir, "target", "pkg-size.json"), "utf8"));
  const d = (k, g) => base[k][g] - without[k][g];
  out.push({ call: name, wasmRaw: d("wasm", "raw"), wasmGzip: d("wasm", "gzip"), loadedRaw: d("loadedByBrowser", "raw"), loadedGzip: d("loadedByBrowser", "gzip") });
  console.log(`${name}: ${JSON.stringify(out.at(-1))}`);
}
console.log("| call removed | .wasm raw | .wasm gzip | loaded by a browser, raw | loaded by a browser, gzip |");
console.log("|---|---|---|---|---|");
for (const r of out) console.log(`| \`${r.call}\` | ${r.wasmRaw} B | ${r.wasmGzip} B | ${r.loadedRaw} B | ${r.loadedGzip} B |`);
