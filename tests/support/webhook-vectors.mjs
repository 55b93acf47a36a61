#!/usr/bin/env node
// Test vectors for src/core/webhook.rs, computed by an implementation independent of the Rust
// one (Node's OpenSSL-backed crypto.createHmac). Run once; the output is pasted as constants
// into the `vectors` module of src/core/webhook.rs's tests.
//
//   node tests/support/webhook-vectors.mjs
//
// Four schemes per body: HMAC-SHA1(secret, message) with message = the raw body bytes or
// Base64(raw body) (standard alphabet, padded), and the digest written as hex or base64.
import { createHmac } from "node:crypto";

const SECRET = "whsec-Zx9!tomticket-test-secret";
const BODIES = {
  COMPACT: '{"type":"ticket","id":"0123456789abcdef0123456789abcdef","action":"created"}',
  // Whitespace, a newline, escaped slashes and an extra key: JSON.stringify(JSON.parse(...))
  // gives other bytes, so a verifier that re-serialises fails where raw bytes verify.
  SPACED:
    '{ "type" : "customer",\n  "id": "fedcba9876543210fedcba9876543210", "action": "updated",  "url": "https:\\/\\/x.tomticket.com\\/a" }',
  UNICODE: '{"type":"ticket","id":"aaaabbbbccccddddeeeeffff00001111","action":"deleted","note":"ação — 日本 🎫\\u00e9"}',
};

const hmac = (msg) => createHmac("sha1", SECRET).update(msg);
const rust = (s) => JSON.stringify(s); // a JSON string literal is a valid Rust "..." literal here except for \u escapes
console.log(`const SECRET: &[u8] = b${JSON.stringify(SECRET)};`);
for (const [name, body] of Object.entries(BODIES)) {
  const raw = Buffer.from(body, "utf8");
  const b64 = raw.toString("base64");
  console.log(`// ${name}: ${raw.length} bytes (${raw.length % 3} mod 3); base64(body) = ${b64.length} chars`);
  console.log(`const ${name}_RAW_HEX: &str = "sha1=${hmac(raw).digest("hex")}";`);
  console.log(`const ${name}_RAW_B64: &str = "sha1=${hmac(raw).digest("base64")}";`);
  console.log(`const ${name}_B64_HEX: &str = "sha1=${hmac(b64).digest("hex")}";`);
  console.log(`const ${name}_B64_B64: &str = "sha1=${hmac(b64).digest("base64")}";`);
  if (name === "SPACED") {
    const reserialised = JSON.stringify(JSON.parse(body));
    console.log(`// re-serialised by JSON.stringify: ${rust(reserialised)}`);
    console.log(`const SPACED_RESERIALISED_B64_B64: &str = "sha1=${hmac(Buffer.from(reserialised).toString("base64")).digest("base64")}";`);
  }
}
