// Words for people. The package decodes TomTicket's codes into named values ("urgent",
// "answeredByAgent", "noSla", …) and unknown codes into `{ unknown: "9" }`; this file only says
// how each name reads on screen, and turns the package's typed errors into messages.

const PRIORITY = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" };
const SITUATION = {
  acceptedByAgent: "Accepted by an agent",
  answeredByAgent: "Answered by an agent",
  answeredByCustomer: "Answered by the customer",
  cancelled: "Cancelled",
  finished: "Finished",
  agentChanged: "Agent changed",
  sentToSupportTeam: "Sent to the support team",
};
const TICKET_TYPE = { internal: "Internal (between agents)", external: "External (from a customer)" };
const RATING = { excellent: "Excellent", good: "Good", average: "Average", poor: "Poor", terrible: "Terrible" };
const SLA = { met: "Met", missed: "Missed", noSla: "No SLA defined" };
const ORIGIN = { customer: "Customer", agent: "Agent" };

/** "answeredByAgent" → "Answered by agent" (for names this file does not list yet). */
function words(name) {
  const s = String(name).replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function label(table, value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && "unknown" in value) return `Unknown code “${value.unknown}”`;
  return table[value] ?? words(value);
}

export const priorityLabel = (v) => label(PRIORITY, v);
export const situationLabel = (v) => label(SITUATION, v);
export const ticketTypeLabel = (v) => label(TICKET_TYPE, v);
export const ratingLabel = (v) => label(RATING, v);
export const slaLabel = (v) => label(SLA, v);
export const originLabel = (v) => label(ORIGIN, v);

/** A CSS-friendly token for a decoded value: "urgent", "noSla", or "unknown". */
export function token(value) {
  if (value === null || value === undefined) return "none";
  if (typeof value === "object") return "unknown";
  return String(value);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * An ISO 8601 date from the package → "2 Nov 2023, 20:17". The wall-clock time is shown as
 * TomTicket sent it; an offset is shown only when the payload carried one (never invented).
 */
export function formatDate(iso) {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi, , off] = m;
  let s = `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}`;
  if (h !== undefined) s += `, ${h}:${mi}`;
  if (off) s += off === "Z" ? " UTC" : ` (UTC${off.slice(0, 3)}:${off.slice(-2)})`;
  return s;
}

/** 5400 → "1 h 30 min". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return null;
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m || !parts.length) parts.push(`${m} min`);
  return parts.join(" ");
}

export function formatBytes(n) {
  if (n === null || n === undefined) return null;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMoney(n) {
  if (n === null || n === undefined) return null;
  return n.toLocaleString("pt-BR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * A typed error from the package → { title, detail } for people.
 * `what`: what the user was doing ("customer", "ticket", "create").
 */
export function humanError(e, what = "request") {
  const thing = what === "ticket" ? "ticket" : "customer";
  const server = e?.serverMessage ? `TomTicket said: “${e.serverMessage}”.` : "";
  switch (e?.kind) {
    case "validation":
      return { title: "Some fields need fixing", detail: "Nothing was sent. Fix the fields marked in red and try again." };
    case "notFound":
      return {
        title: `No ${thing} found`,
        detail: what === "ticket" ? "Check the ticket id: it is the 32-character code of the ticket." : "Check the spelling: no customer has that id or e-mail.",
      };
    case "rateLimited":
      return {
        title: "Too many requests right now",
        detail: `TomTicket accepts a few requests per second and asked us to slow down. Wait ${
          e.retryAfterMs ? `${Math.ceil(e.retryAfterMs / 1000)} s` : "a few seconds"
        } and try again.`,
      };
    case "server":
      return {
        title: "TomTicket is having trouble",
        detail: `The service answered with an error${e.status ? ` (HTTP ${e.status})` : ""}. This is not your fault — try again in a minute.`,
      };
    case "network":
      return { title: "Cannot reach the service", detail: "Check your connection; the portal's server may be down." };
    case "timeout":
      return { title: "TomTicket took too long to answer", detail: "Try again in a moment." };
    case "aborted":
      return { title: "Cancelled", detail: "The request was cancelled." };
    case "unauthorized":
      return { title: "The portal is not authorised", detail: "TomTicket refused the portal's API token. Tell the site's administrator." };
    case "forbidden":
      return { title: "Not available on this TomTicket plan", detail: "The account's plan or the token's permissions do not allow this." };
    case "api":
      return { title: what === "create" ? "TomTicket did not create the customer" : "TomTicket refused the request", detail: server || e.message };
    case "decode":
      return { title: "Unexpected answer from TomTicket", detail: "The answer could not be read. Try again; if it persists, tell the site's administrator." };
    case "config":
      return { title: "The portal is misconfigured", detail: e.message };
    default:
      return { title: "Something went wrong", detail: String(e?.message ?? e) };
  }
}
