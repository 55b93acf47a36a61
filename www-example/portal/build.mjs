#!/usr/bin/env node
// Assembles the portal's static files — what the Worker serves as its assets:
//
//   <outDir>/index.html, *.js, style.css          from www-example/portal/
//   <outDir>/vendor/tomticket-wasm/…              the package's browser entry, glue and .wasm
//
// No bundler: app.js imports "./vendor/tomticket-wasm/index.browser.js" (with a bundler, import
// "tomticket-wasm" instead). Run by ../worker/local.mjs, and by wrangler before a deploy
// (`[build] command` in ../worker/wrangler.toml):
//
//   node www-example/portal/build.mjs <outDir>
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE_DIR = path.join(HERE, "..", "node_modules", "tomticket-wasm");
const PAGE_FILES = /\.(html|js|css|png|svg|ico)$/;
// the browser entry, its glue and snippets, the .wasm — not the Node/Deno/workerd entries, nor
// the inline entry and its copy of the .wasm (for bundlers that do not emit the .wasm)
const PACKAGE_FILES = /^(?!index\.(node|deno|workerd|inline)\.js$)(?!.*_bg\.inline\.js$).*\.(js|wasm)$/;

function copyTree(from, to, keep) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const src = path.join(from, entry.name);
    const stat = fs.statSync(src);
    if (stat.isDirectory()) copyTree(src, path.join(to, entry.name), keep);
    else if (keep.test(entry.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, path.join(to, entry.name));
    }
  }
}

export function buildPortal({ outDir }) {
  if (!fs.existsSync(path.join(PACKAGE_DIR, "package.json"))) {
    throw new Error("www-example/node_modules/tomticket-wasm is missing: run `npm install` in www-example (after `node scripts/build-pkg.mjs`)");
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of fs.readdirSync(HERE)) {
    if (PAGE_FILES.test(name) && !name.endsWith(".mjs")) fs.copyFileSync(path.join(HERE, name), path.join(outDir, name));
  }
  const vendor = path.join(outDir, "vendor", "tomticket-wasm");
  copyTree(fs.realpathSync(PACKAGE_DIR), vendor, PACKAGE_FILES);
  if (!fs.existsSync(path.join(vendor, "index.browser.js"))) throw new Error("the package has no index.browser.js");
  return { dir: outDir };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: node www-example/portal/build.mjs <outDir>");
    process.exit(2);
  }
  buildPortal({ outDir: path.resolve(out) });
  console.log(`[portal] assets in ${path.resolve(out)}`);
}
