#!/usr/bin/env node
// Makes a DEMO_USERS password entry that is not the password itself:
//
//   node www-example/worker/hash-password.mjs 'correct horse battery staple'
//   → pbkdf2-sha256$100000$<salt>$<hash>
//
//   DEMO_USERS='{"maria@example.com": "pbkdf2-sha256$100000$…"}'
//
// PBKDF2-SHA256 with 100 000 iterations (the most Workers' crypto.subtle accepts) and a random
// 16-byte salt; checked by src/session.js in constant time.
import { pbkdf2Sync, randomBytes } from "node:crypto";

export function hashPassword(password, iterations = 100_000) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  return `pbkdf2-sha256$${iterations}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const password = process.argv[2];
  if (!password) {
    console.error("usage: node www-example/worker/hash-password.mjs <password>");
    process.exit(2);
  }
  console.log(hashPassword(password));
}
