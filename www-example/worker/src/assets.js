// The portal's files, served by this Worker from its static assets (the ASSETS binding:
// wrangler's `[assets]` on Cloudflare, a disk-directory service in local workerd). Same origin as
// /api and /session, so the session cookie can be SameSite=Strict and there is no CORS at all.
//
// Locally the disk service knows no Content-Type and lists directories: only known file types
// are served, with their type, and "/" is index.html. Every page gets a strict CSP: scripts
// from this origin only (plus WebAssembly compilation for the package's rules), no inline code.
import { SECURITY_HEADERS } from "./respond.js";

const TYPES = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  wasm: "application/wasm",
  png: "image/png",
  svg: "image/svg+xml",
  ico: "image/x-icon",
};

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export async function serveAsset(request, env, url) {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  if (!env.ASSETS) return null;
  let pathname = url.pathname;
  if (pathname === "/" || pathname === "/index.html") pathname = "/index.html";
  const ext = /\.([a-z0-9]+)$/.exec(pathname)?.[1];
  if (!ext || !TYPES[ext] || pathname.split("/").some((p) => p.startsWith("."))) return null;
  const res = await env.ASSETS.fetch(new Request(new URL(pathname, url.origin), { method: request.method }));
  if (!res.ok) return null;
  const headers = new Headers(res.headers);
  headers.set("content-type", TYPES[ext]);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
  if (ext === "html") {
    headers.set("content-security-policy", CSP);
    headers.set("cache-control", "no-cache");
  }
  return new Response(request.method === "HEAD" ? null : res.body, { status: 200, headers });
}
