// Unit tests of scripts/build-pkg.mjs's package.json merge, and of the built pkg/ when present.
//   node --test tests/packaging/
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { deepMerge } from "../../scripts/build-pkg.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const PKG = path.join(ROOT, "pkg");

test("deepMerge merges objects recursively and unions arrays (not a shallow merge)", () => {
  const generated = {
    name: "tomticket-wasm",
    version: "0.1.0",
    files: ["tomticket_wasm_bg.wasm", "tomticket_wasm.js", "tomticket_wasm.d.ts"],
    sideEffects: ["./snippets/*"],
    repository: { type: "git", url: "https://example.invalid/x" },
  };
  const template = {
    description: "d",
    files: ["index.d.ts", "tomticket_wasm.js", "index.node.js"],
    sideEffects: ["./index.node.js"],
    repository: { directory: "pkg" },
    engines: { node: ">=20" },
  };
  const merged = deepMerge(generated, template);
  assert.deepEqual(merged.files, [
    "tomticket_wasm_bg.wasm", "tomticket_wasm.js", "tomticket_wasm.d.ts", "index.d.ts", "index.node.js",
  ]);
  assert.deepEqual(merged.sideEffects, ["./snippets/*", "./index.node.js"]);
  assert.deepEqual(merged.repository, { type: "git", url: "https://example.invalid/x", directory: "pkg" });
  assert.equal(merged.version, "0.1.0");
  assert.equal(merged.description, "d");
  assert.deepEqual(merged.engines, { node: ">=20" });
  // inputs untouched
  assert.deepEqual(generated.files, ["tomticket_wasm_bg.wasm", "tomticket_wasm.js", "tomticket_wasm.d.ts"]);
});

test("deepMerge: scalars and type changes take the later value; arrays of objects dedupe by value", () => {
  assert.deepEqual(deepMerge({ a: 1, b: [1] }, { a: 2, b: { x: 1 } }), { a: 2, b: { x: 1 } });
  assert.deepEqual(deepMerge([{ a: 1 }, { b: 2 }], [{ a: 1 }, { c: 3 }]), [{ a: 1 }, { b: 2 }, { c: 3 }]);
});

const built = fs.existsSync(path.join(PKG, "package.json"));

test("pkg/package.json: exports map, condition order, files, sideEffects", { skip: !built && "pkg/ not built" }, () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));
  assert.equal(pkg.name, "tomticket-wasm");
  assert.equal(pkg.type, "module");
  assert.equal(pkg.types, "./index.d.ts");
  const root = pkg.exports["."];
  const order = Object.keys(root);
  assert.equal(order[0], "types");
  assert.equal(order.at(-1), "default");
  // first match wins: workerd also enables browser+import; Deno also enables node
  assert.ok(order.indexOf("workerd") < order.indexOf("browser"));
  assert.ok(order.indexOf("workerd") < order.indexOf("import"));
  assert.ok(order.indexOf("deno") < order.indexOf("node"));
  assert.equal(pkg.exports["./tomticket_wasm_bg.wasm"], "./tomticket_wasm_bg.wasm");
  // the .wasm inside the JS, for bundlers that do not emit it (esbuild, Rollup, bun build): opt in
  // with the condition (after the runtimes, before browser) or the ./inline subpath, whose
  // runtimes keep their own entries (Workers refuse to compile wasm from bytes)
  assert.equal(root["tomticket-wasm-inline"], "./index.inline.js");
  assert.ok(order.indexOf("node") < order.indexOf("tomticket-wasm-inline"));
  assert.ok(order.indexOf("tomticket-wasm-inline") < order.indexOf("browser"));
  const inline = pkg.exports["./inline"];
  assert.deepEqual(Object.keys(inline), ["types", "workerd", "deno", "node", "default"]);
  assert.equal(inline.workerd, root.workerd);
  assert.equal(inline.default, "./index.inline.js");
  for (const target of [...Object.values(root), ...Object.values(inline)]) assert.ok(fs.existsSync(path.join(PKG, target)), target);
  for (const f of pkg.files) assert.ok(fs.existsSync(path.join(PKG, f)), `files lists missing ${f}`);
  for (const f of fs.readdirSync(PKG)) {
    if (f !== "package.json") assert.ok(pkg.files.includes(f), `${f} is in pkg/ but not in files`);
  }
  for (const e of ["index.browser.js", "index.node.js", "index.deno.js", "index.workerd.js", "index.inline.js"]) {
    assert.ok(pkg.sideEffects.includes(`./${e}`), `sideEffects lacks ${e}`);
  }
  assert.equal(fs.readdirSync(PKG).filter((f) => f.endsWith(".wasm")).length, 1, "exactly one .wasm");
});

test("pkg/ types: index.d.ts re-exports the glue types; tsify types are present", { skip: !built && "pkg/ not built" }, () => {
  const index = fs.readFileSync(path.join(PKG, "index.d.ts"), "utf8");
  assert.match(index, /export \* from "\.\/tomticket_wasm\.js"/);
  const glue = fs.readFileSync(path.join(PKG, "tomticket_wasm.d.ts"), "utf8");
  for (const name of ["TomTicketClient", "validateNewCustomer", "isTomTicketError"]) {
    assert.match(glue, new RegExp(`\\b${name}\\b`), `${name} missing from the .d.ts`);
  }
});
