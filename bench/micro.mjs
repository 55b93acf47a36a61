// One micro-benchmark in a fresh Node process, for ONE library, so that the package and the
// baseline never share a heap or JIT feedback:  node bench/micro.mjs <module-url> <case> <json-args>
// Prints {"ms": <median ms of the measured rounds>}.
import * as cases from "./cases.js";
import { INVALID_CUSTOMERS, ticketBody, V2_BODIES, VALID_CUSTOMERS } from "./fixtures.mjs";

const [url, which, raw] = process.argv.slice(2);
const opts = JSON.parse(raw);
const lib = await import(url);
let fn;
let args;
let warmup;
if (which === "encode") {
  const inputs = opts.valid ? VALID_CUSTOMERS : INVALID_CUSTOMERS;
  fn = cases.validateEncode;
  args = [inputs, opts.n];
  warmup = [inputs, opts.n / 10];
} else if (which === "decode") {
  const body = ticketBody(opts.history, opts.live);
  fn = cases.decodeTicket;
  args = [body, opts.n];
  warmup = [body, Math.max(10, opts.n / 10)];
} else if (which === "decodeList") {
  // opts: { fn: "decodeTicketPage", fixture: "ticketPage", n }
  const body = V2_BODIES[opts.fixture]();
  fn = cases.decodeList;
  args = [opts.fn, body, opts.n];
  warmup = [opts.fn, body, Math.max(10, opts.n / 10)];
} else {
  throw new Error(`unknown case ${which}`);
}
const r = cases.compare({ lib }, fn, args, { rounds: opts.rounds, warmupArgs: warmup });
console.log(JSON.stringify({ ms: r.lib }));
