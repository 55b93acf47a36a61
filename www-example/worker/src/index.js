// A Cloudflare Worker in front of TomTicket, with a customer portal. Routes:
//
//   POST /webhooks/piperun[/<key>]  PipeRun Atendimentos posts a talk; its customer is created or
//                                   updated in TomTicket, one customer at a time  → webhook-piperun.js
//   POST /webhooks/tomticket        TomTicket's signed webhook: ticket events kept per customer → webhook-tomticket.js
//   POST /session                   sign in (e-mail + password in this demo)   → session.js
//   POST /session/sign-out          sign out
//   /api/…                          the portal's API, scoped to the signed-in customer → api.js
//   GET  / and the portal's files   the customer portal (static assets)        → assets.js
//
// Durable Objects (exported below):
//   AccountLimiter   one per TomTicket account: the 3 req/s shared by every isolate  → limiter.js
//   CustomerSync     one per customer: syncs one at a time, replays, events          → customer.js
//
// Bindings (wrangler.toml / the workerd config written by ../local.mjs):
//   TOMTICKET_TOKEN            secret — the API token; never in code, config or answers
//   SESSION_SECRET             secret — signs session cookies (≥ 32 characters)
//   PIPERUN_WEBHOOK_KEY        secret — the PipeRun webhook's key (without it the webhook is closed)
//   TOMTICKET_WEBHOOK_SECRET   secret — the TomTicket webhook's signing secret (without it: closed)
//   DEMO_USERS                 secret — the demo's sign-in users (see session.js `authenticate`)
//   TOMTICKET_BASE_URL         var, optional (default https://api.tomticket.com)
//   RATE_LIMIT_RPS             var, optional (default 3, TomTicket's limit)
//   MAX_UPLOAD_BYTES           var, optional (default 10 MiB per portal form)
//   ALLOW_UNSIGNED_WEBHOOKS    var, development only: "1" opens /webhooks/piperun without a key
//   LIMITER, CUSTOMERS         Durable Object namespaces;  ASSETS  the portal's files
import { handleApi } from "./api.js";
import { serveAsset } from "./assets.js";
import { errorResponse, json } from "./respond.js";
import { handleSession } from "./session.js";
import { handlePipeRunWebhook } from "./webhook-piperun.js";
import { handleTomTicketWebhook } from "./webhook-tomticket.js";

export { AccountLimiter } from "./limiter.js";
export { CustomerSync } from "./customer.js";

async function route(request, env, url, ctx) {
  const p = url.pathname;
  if (p === "/webhooks/piperun" || p.startsWith("/webhooks/piperun/")) return handlePipeRunWebhook(request, env, url, ctx);
  if (p === "/webhooks/tomticket") return handleTomTicketWebhook(request, env, ctx);
  if (p === "/session" || p === "/session/sign-out") return handleSession(request, env, url, ctx);
  if (p === "/api" || p.startsWith("/api/")) return handleApi(request, env, url, ctx);
  if (p === "/health") return json(200, { ok: true, service: "tomticket-wasm example Worker" });
  const asset = await serveAsset(request, env, url);
  if (asset) return asset;
  return json(404, { ok: false, error: { kind: "notFound", message: "Not found" } });
}

/**
 * A small body left unread (a request refused before reading it) is read before answering: some
 * HTTP clients fail on an answer that comes while they are still sending. Large bodies are not
 * read — those refusals (413) are meant to cut the upload short.
 */
async function drainSmallBody(request) {
  const n = Number(request.headers.get("content-length"));
  if (request.body && !request.bodyUsed && Number.isFinite(n) && n > 0 && n <= 64 * 1024) {
    await request.arrayBuffer().catch(() => {});
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    let response;
    try {
      response = await route(request, env, url, ctx);
    } catch (e) {
      response = errorResponse(e, env);
    }
    await drainSmallBody(request);
    return response;
  },
};
