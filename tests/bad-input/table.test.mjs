// The bad-input table (table.json) run through the built package in Node: the same rows as the
// native runner (tests/bad_input.rs), against the second backend — the .wasm, its JS glue and the
// JS error objects. Each row is one node:test test.
//
//   node scripts/build-pkg.mjs && node --test tests/bad-input/   (this file: table.test.mjs)
//
// Every throw must be a TomTicketError (`isTomTicketError`); anything else — a wasm panic shows as
// `RuntimeError: unreachable` — fails the row. validate… rows also run the matching encode…
// export and the client method (with a fetch that must never be called: bad input is refused
// before the network).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.join(HERE, "..", "..", "pkg", "index.node.js");
if (!fs.existsSync(ENTRY)) throw new Error("pkg/ is not built: run `node scripts/build-pkg.mjs` first");
const lib = await import(pathToFileURL(ENTRY).href);
const table = JSON.parse(fs.readFileSync(path.join(HERE, "table.json"), "utf8"));

/** Real attachments for the markers (what a caller passes; the native runner gets the
 *  descriptors that splitAttachments makes of them): $file → File, $blob → Blob without a name,
 *  $bytes → { data: Uint8Array, name, type? }. */
const typeOpt = (spec) => (spec.type ? { type: spec.type } : {});
const attachment = {
  $file: (spec) => new File([new Uint8Array(spec.size)], spec.name, typeOpt(spec)),
  $blob: (spec) => new Blob([new Uint8Array(spec.size)], typeOpt(spec)),
  $bytes: (spec) => ({ data: new Uint8Array(spec.size), name: spec.name, ...(spec.type ? { type: spec.type } : {}) }),
};

/** The row generators: { $repeat, times }, { $concat: [...] }, { $json: value }, the attachment
 *  markers above, and in a list { $files: n, size } (n files f0.bin … of `size` bytes each). */
function expand(v) {
  if (Array.isArray(v)) {
    return v.flatMap((x) =>
      x !== null && typeof x === "object" && "$files" in x
        ? Array.from({ length: x.$files }, (_, i) => attachment.$file({ name: `f${i}.bin`, size: x.size }))
        : [expand(x)],
    );
  }
  if (v === null || typeof v !== "object") return v;
  for (const marker of Object.keys(attachment)) if (marker in v) return attachment[marker](expand(v[marker]));
  if ("$repeat" in v) return v.$repeat.repeat(v.times);
  if ("$concat" in v) return v.$concat.map(expand).join("");
  if ("$json" in v) return JSON.stringify(expand(v.$json));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)]));
}

// validate… export → client method, from the registry (target/registry.json, written by the
// native tier: `cargo test --test completeness`).
const REGISTRY_PATH = new URL("../../target/registry.json", import.meta.url);
if (!fs.existsSync(REGISTRY_PATH)) throw new Error("target/registry.json is missing: run `cargo test --test completeness` first");
const REGISTRY = JSON.parse(fs.readFileSync(REGISTRY_PATH, "utf8")).calls;
const CLIENT_METHOD = Object.fromEntries(REGISTRY.map((c) => [c.validate, c.name]));
/** What a call threw, or a failure when it is not one of ours. */
function ours(e, where) {
  if (!lib.isTomTicketError(e)) {
    assert.fail(`${where} threw a non-TomTicket error: ${e?.name}: ${e?.message}\n${e?.stack ?? ""}`);
  }
  assert.ok(e instanceof Error, `${where}: a TomTicketError is an Error`);
  assert.equal(e.name, "TomTicketError");
  assert.ok(Array.isArray(e.issues), `${where}: issues is an array`);
  return e;
}

function attempt(fn, where) {
  try {
    return { ok: fn() };
  } catch (e) {
    return { err: ours(e, where) };
  }
}

async function attemptAsync(fn, where) {
  try {
    return { ok: await fn() };
  } catch (e) {
    return { err: ours(e, where) };
  }
}

const shown = (issues) =>
  `[${issues.map((i) => `${i.field}:${i.code}${"limit" in i ? ` limit ${i.limit}` : ""}${"actual" in i ? ` actual ${i.actual}` : ""}`).join(", ")}]`;

function checkIssues(expected, actual, problems, where = "issues") {
  const match =
    expected.length === actual.length &&
    expected.every((e, i) => ["field", "code", "limit", "actual"].every((k) => !(k in e) || actual[i][k] === e[k]));
  if (!match) problems.push(`${where}: expected ${shown(expected)}, got ${shown(actual)}`);
}

function at(value, dotted) {
  return dotted.split(".").reduce((cur, key) => (cur === null || typeof cur !== "object" ? undefined : cur[key]), value);
}

/** Runs the row's call; returns { ok } or { err } (a TomTicketError). */
async function run(row, input, problems) {
  const call = row.call;
  if (call in CLIENT_METHOD) {
    const issues = attempt(() => lib[call](input), call);
    if (issues.err) return issues; // validate… never throws for a bad input: it returns issues
    assert.ok(Array.isArray(issues.ok), `${call} returns an array`);
    const encodeName = call.replace(/^validate/, "encode");
    const encoded = attempt(() => lib[encodeName](input), encodeName);
    const encodeIssues = encoded.err ? encoded.err.issues : [];
    if (JSON.stringify(issues.ok) !== JSON.stringify(encodeIssues)) {
      problems.push(`${call} returned ${shown(issues.ok)} but ${encodeName} gave ${shown(encodeIssues)}`);
    }
    if (encoded.err) {
      // The client refuses the same input before any request.
      let fetched = 0;
      const client = new lib.TomTicketClient({ token: "t", fetch: () => { fetched += 1; return Promise.reject(new Error("no network")); } });
      const viaClient = await attemptAsync(() => client[CLIENT_METHOD[call]](input), CLIENT_METHOD[call]);
      if (viaClient.ok !== undefined) problems.push(`client.${CLIENT_METHOD[call]} resolved on an input ${encodeName} refused`);
      else {
        if (viaClient.err.kind !== encoded.err.kind) problems.push(`client.${CLIENT_METHOD[call]} kind ${viaClient.err.kind} ≠ ${encoded.err.kind}`);
        checkIssues(encoded.err.issues, viaClient.err.issues, problems, `client.${CLIENT_METHOD[call]} issues`);
      }
      if (fetched !== 0) problems.push(`client.${CLIENT_METHOD[call]} sent ${fetched} request(s) for a refused input`);
    }
    return encoded;
  }
  if (call.startsWith("decode")) return attempt(() => lib[call](input.status, input.body, input.retryAfter), call);
  if (call === "parsePipeRunCustomer") return attempt(() => lib.parsePipeRunCustomer(input.payload), call);
  if (call === "mapPipeRunCustomer") {
    return attempt(() => ("options" in input ? lib.mapPipeRunCustomer(input.payload, input.options) : lib.mapPipeRunCustomer(input.payload)), call);
  }
  if (call === "TomTicketClient") {
    const made = attempt(() => new lib.TomTicketClient(input), "new TomTicketClient");
    if (made.err) return made;
    // The URL a legacy call really requests (the token percent-encoded in its path segment).
    const urls = [];
    const fetch = async (req) => {
      urls.push(req.url);
      return new Response(JSON.stringify({ erro: false, idchamado: "t1" }), { status: 200, headers: { "content-type": "application/json" } });
    };
    const client = new lib.TomTicketClient({ ...input, fetch, requestsPerSecond: 0 });
    const ticket = await attemptAsync(() => client.getTicket({ ticketId: "t1" }), "getTicket");
    if (ticket.err) problems.push(`getTicket through the client failed: ${ticket.err.kind} ${ticket.err.message}`);
    return { ok: { url: urls[0] }, client: made.ok };
  }
  throw new Error(`unknown call ${call}`);
}

const tokenPieces = (token) => token.split(/[\u0000-\u001f\u007f-\u009f\s]+/u).filter((p) => [...p].length >= 4);

for (const row of table.rows) {
  test(`${row.call}: ${row.name}`, async () => {
    const input = expand(row.input);
    const problems = [];
    const got = await run(row, input, problems);
    const expect = row.expect;
    if (expect === "ok") {
      if (got.err) problems.push(`expected ok, got a ${got.err.kind} error: ${got.err.message} ${shown(got.err.issues)}`);
      else {
        for (const [dotted, want] of Object.entries(row.output ?? {})) {
          const value = at(got.ok, dotted);
          const expected = expand(want);
          if (!Object.is(value, expected) && JSON.stringify(value) !== JSON.stringify(expected)) {
            problems.push(`output ${dotted}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(value)}`);
          }
        }
      }
    } else if (!got.err) {
      problems.push(`expected a ${expect.kind} error, got ok: ${JSON.stringify(got.ok)?.slice(0, 200)}`);
    } else {
      const e = got.err;
      if (e.kind !== expect.kind) problems.push(`kind: expected ${expect.kind}, got ${e.kind} (${e.message})`);
      checkIssues(expect.issues ?? [], e.issues, problems);
      for (const key of ["status", "retryAfterMs", "serverMessage"]) {
        if (key in expect && e[key] !== expect[key]) problems.push(`${key}: expected ${JSON.stringify(expect[key])}, got ${JSON.stringify(e[key])}`);
      }
      if ("messageContains" in expect && !String(e.message).includes(expect.messageContains)) {
        problems.push(`message: expected it to contain ${JSON.stringify(expect.messageContains)}, got ${JSON.stringify(e.message)}`);
      }
    }
    // The token, or the whole options when they are a string (a token passed by mistake).
    const token = typeof input === "string" ? input : input?.token;
    if (row.call === "TomTicketClient" && typeof token === "string") {
      const e = got.err;
      const text = e ? [e.message, e.stack, e.serverMessage, e.endpoint, JSON.stringify(e.issues)].join("\n") : String(got.client);
      for (const piece of tokenPieces(token)) {
        if (text.includes(piece)) problems.push(`the ${e ? "error" : "client's toString"} shows part of the token (${JSON.stringify(piece)})`);
      }
    }
    assert.deepEqual(problems, [], problems.join("\n"));
  });
}

// Inputs only JS can make (not JSON, so not table rows): each is a validation error naming the
// field where the bad value is (issue 15: these used to be reported on field ""), never a crash.
for (const [name, make, want] of [
  ["a lone surrogate", () => ({ customerId: "c1", name: "\uD800" }), [["name", "invalidCharacters"]]],
  ["a BigInt", () => ({ customerId: 9007199254740993n, name: "n" }), [["customerId", "invalidType"]]],
  ["a cycle", () => { const o = { customerId: "c1", name: "n" }; o.self = o; return o; }, [["self", "invalidType"]]],
  ["NaN in a custom field (it would clear the field)", () => ({ customerId: "c1", name: "n", customFields: { a: NaN } }), [["customFields.a", "invalidValue"]]],
  ["-Infinity in a custom field", () => ({ customerId: "c1", name: "n", customFields: { a: -Infinity } }), [["customFields.a", "invalidValue"]]],
  ["a Symbol in a custom field (JSON.stringify would drop it)", () => ({ customerId: "c1", name: "n", customFields: { a: Symbol("x") } }), [["customFields.a", "invalidType"]]],
  ["a throwing getter", () => ({ customerId: "c1", get name() { throw new Error("nope"); } }), [["name", "invalidType"]]],
]) {
  test(`validateNewCustomer / encodeNewCustomer: ${name} is a validation error`, () => {
    const issues = attempt(() => lib.validateNewCustomer(make()), "validateNewCustomer");
    assert.equal(issues.err, undefined);
    assert.deepEqual(issues.ok.map((i) => [i.field, i.code]), want);
    const encoded = attempt(() => lib.encodeNewCustomer(make()), "encodeNewCustomer");
    assert.equal(encoded.err?.kind, "validation");
    assert.deepEqual(encoded.err.issues.map((i) => [i.field, i.code]), want);
  });
}

// Decoders are called by JS with anything: a wrong argument is a validation error, never a
// TypeError, and a status that is not an HTTP status never decodes as a success.
for (const [name, args, field] of [
  ["a number as the body", [200, 65736], "body"],
  ["a status of 200.5", [200.5, '{"success":true,"data":{"name":"x"}}'], "status"],
  ["a status of 65736 (200 + 65536)", [65736, '{"success":true,"data":{"name":"x"}}'], "status"],
  ["a BigInt status", [200n, "{}"], "status"],
  ["a Symbol as Retry-After", [429, "", Symbol("s")], "retryAfter"],
  ["a number as Retry-After", [429, "", 5], "retryAfter"],
]) {
  test(`decodeCustomerDetails: ${name} is a validation error`, () => {
    const got = attempt(() => lib.decodeCustomerDetails(...args), "decodeCustomerDetails");
    assert.equal(got.err?.kind, "validation", String(got.err ?? "decoded"));
    assert.deepEqual(got.err.issues.map((i) => i.field), [field]);
  });
}

// A freed client, or a method called without its client, rejects with a TomTicketError.
test("a freed client and a detached method reject with a TomTicketError", async () => {
  const c = new lib.TomTicketClient({ baseUrl: "https://proxy.example/tt" });
  const detached = c.getCustomer;
  await assert.rejects(detached({ customerId: "x" }), (e) => lib.isTomTicketError(e) && e.kind === "config" && /without its client/.test(e.message));
  c.free();
  await assert.rejects(c.getCustomer({ customerId: "x" }), (e) => lib.isTomTicketError(e) && e.kind === "config" && /freed/.test(e.message));
  assert.equal(String(c), "TomTicketClient(freed)");
});

// Option values that JSON cannot carry are config errors, never silently the default.
for (const [name, opts, field] of [
  ["timeoutMs: NaN", { timeoutMs: NaN }, "timeoutMs"],
  ["requestsPerSecond: 1e309", { requestsPerSecond: 1e309 }, "requestsPerSecond"],
  ["retry.maxRetries: 1e309", { retry: { maxRetries: 1e309 } }, "retry.maxRetries"],
  ["a Symbol token", { token: Symbol("t") }, "token"],
  ["retry: 5 (wrong kind)", { retry: 5 }, "retry"],
]) {
  test(`TomTicketClient: ${name} is a config error`, () => {
    const got = attempt(() => new lib.TomTicketClient({ baseUrl: "https://proxy.example/tt", ...opts }), "TomTicketClient");
    assert.equal(got.err?.kind, "config", String(got.err ?? "accepted"));
    assert.deepEqual(got.err.issues.map((i) => i.field), [field]);
  });
}

test("the table has at least 60 rows, over every call", () => {
  assert.ok(table.rows.length >= 60, `${table.rows.length} rows`);
  for (const call of [...REGISTRY.flatMap((c) => [c.validate, c.decode]), "parsePipeRunCustomer", "mapPipeRunCustomer", "TomTicketClient"]) {
    assert.ok(table.rows.some((r) => r.call === call), `no row calls ${call}`);
  }
});
