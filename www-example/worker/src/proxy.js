// The portal's narrow proxy. The portal runs the package's own client in the browser, with no
// token and `baseUrl: "<this Worker>/api"`:
//
//   new TomTicketClient({ baseUrl: "https://worker.example/api" })
//
// With no token, the client sends v2.0 calls without an Authorization header and puts `-` where
// legacy paths carry the token. This proxy lets exactly three calls through, adds the token
// (Bearer header, or the legacy path segment), and passes TomTicket's answer back unchanged — so
// the browser's client decodes it and raises the same typed errors it would raise talking to
// TomTicket directly. Everything else under /api is refused.
import { json, scrub } from "./respond.js";

const DEFAULT_BASE_URL = "https://api.tomticket.com";
const MAX_BODY_BYTES = 64 * 1024;

/** The only calls the portal may make. `query`: the parameters forwarded, nothing else. */
const ROUTES = [
  {
    name: "customer lookup",
    method: "GET",
    match: (p) => p === "/api/v2.0/customer/details",
    upstream: () => "/v2.0/customer/details",
    query: ["customer_id", "customer_type_id"],
    auth: "bearer",
    family: "v2",
  },
  {
    name: "create customer",
    method: "POST",
    match: (p) => p === "/api/v2.0/customer/new",
    upstream: () => "/v2.0/customer/new",
    query: [],
    auth: "bearer",
    family: "v2",
  },
  {
    name: "read ticket",
    method: "GET",
    // `-` is what the client puts where the token goes; the ticket id is one path segment.
    match: (p) => /^\/api\/chamado\/-\/[^/]+$/.test(p),
    upstream: (p, token) => `/chamado/${encodeURIComponent(token)}/${p.split("/").pop()}`,
    query: ["stopwatch", "show_staggered_tickets"],
    auth: "path",
    family: "legacy",
  },
];

/** An answer in TomTicket's own envelope, so the browser's client decodes it like any other. */
function envelope(status, family, message, headers) {
  const body = family === "legacy" ? { erro: true, mensagem: message } : { error: true, message, success: false };
  return json(status, body, headers);
}

function allowedOrigins(env) {
  return String(env.PORTAL_ORIGIN ?? "")
    .split(",")
    .map((s) => s.trim().replace(/\/+$/, ""))
    .filter(Boolean);
}

/** CORS headers for a portal served from another origin (none when it is the same origin). */
export function corsHeaders(request, env) {
  const origin = request.headers.get("origin");
  if (!origin || !allowedOrigins(env).includes(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": "Retry-After",
    vary: "Origin",
  };
}

export async function handleProxy(request, env, url) {
  const cors = corsHeaders(request, env);
  const path = url.pathname;
  const routes = ROUTES.filter((r) => r.match(path));
  const family = path.startsWith("/api/v2.0/") ? "v2" : "legacy";

  if (request.method === "OPTIONS") {
    if (!routes.length) return new Response(null, { status: 404 });
    return new Response(null, {
      status: 204,
      headers: {
        ...cors,
        "access-control-allow-methods": routes.map((r) => r.method).join(", "),
        "access-control-allow-headers": "Content-Type",
        "access-control-max-age": "600",
      },
    });
  }
  if (!routes.length) return envelope(404, family, "This proxy does not serve that path", cors);
  const route = routes.find((r) => r.method === request.method);
  if (!route) {
    return envelope(405, route?.family ?? routes[0].family, `Use ${routes[0].method}`, { ...cors, allow: routes[0].method });
  }

  const token = env.TOMTICKET_TOKEN;
  if (!token) return envelope(503, route.family, "The Worker has no TOMTICKET_TOKEN secret configured", cors);
  const base = String(env.TOMTICKET_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, "");

  const target = new URL(base + route.upstream(path, token));
  for (const key of route.query) {
    const value = url.searchParams.get(key);
    if (value !== null) target.searchParams.set(key, value);
  }

  const init = { method: route.method, headers: {}, redirect: "manual" };
  if (route.auth === "bearer") init.headers.authorization = `Bearer ${token}`;
  if (route.method === "POST") {
    const type = request.headers.get("content-type") ?? "";
    if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
      return envelope(415, route.family, "Send the form as multipart/form-data", cors);
    }
    const body = await request.arrayBuffer();
    if (body.byteLength > MAX_BODY_BYTES) return envelope(413, route.family, "Form too large", cors);
    init.headers["content-type"] = type;
    init.body = body;
  }

  let upstream;
  try {
    upstream = await fetch(target, init);
  } catch {
    // The real reason could carry the URL (and so the token): keep it out of the answer.
    return envelope(502, route.family, "TomTicket could not be reached", cors);
  }
  const text = scrub(await upstream.text(), token);
  const headers = { ...cors, "cache-control": "no-store" };
  const type = upstream.headers.get("content-type");
  if (type) headers["content-type"] = type;
  const retryAfter = upstream.headers.get("retry-after");
  if (retryAfter) headers["retry-after"] = retryAfter;
  return new Response(text, { status: upstream.status, headers });
}
