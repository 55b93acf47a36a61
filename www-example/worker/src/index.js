// A Cloudflare Worker in front of TomTicket. Two jobs:
//
//   POST /webhooks/piperun   PipeRun Atendimentos posts a `talk`; we sync its customer into
//                            TomTicket (look up by e-mail or id → create or legacy-update) and
//                            answer a JSON summary.               → ./webhook.js
//   /api/…                   a narrow proxy for the customer portal: three TomTicket calls, the
//                            token added here, so the browser never holds it.  → ./proxy.js
//
// Bindings (wrangler.toml / the workerd config written by ./local.mjs):
//   TOMTICKET_TOKEN          secret — `wrangler secret put TOMTICKET_TOKEN`; never in code
//   TOMTICKET_BASE_URL       optional, default https://api.tomticket.com (the local fake in the demo)
//   PORTAL_ORIGIN            optional, the portal's origin when it is served from elsewhere (CORS);
//                            a comma-separated list is accepted
//   PIPERUN_WEBHOOK_KEY      optional secret: when set, the webhook URL must carry ?key=<it>
import { handleWebhook } from "./webhook.js";
import { handleProxy, corsHeaders } from "./proxy.js";
import { json } from "./respond.js";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/webhooks/piperun") return handleWebhook(request, env, url);
    if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return handleProxy(request, env, url);
    if (url.pathname === "/" && request.method === "GET") {
      return json(200, {
        service: "tomticket-wasm example Worker",
        endpoints: {
          "POST /webhooks/piperun": "sync a PipeRun Atendimentos customer into TomTicket",
          "GET /api/v2.0/customer/details": "portal proxy: customer lookup",
          "POST /api/v2.0/customer/new": "portal proxy: create customer",
          "GET /api/chamado/-/{ticketId}": "portal proxy: read one ticket",
        },
      }, corsHeaders(request, env));
    }
    return json(404, { error: "not found" });
  },
};
