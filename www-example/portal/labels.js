// Words for people. The package decodes TomTicket's codes into named values ("urgent",
// "answeredByAgent", "noSla", …) and unknown codes into `{ unknown: "9" }`; this file only says
// how each name reads on screen, and turns errors (the package's and the Worker's) into messages.

const PRIORITY = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" };
const SITUATION = {
  // v2 (ticket/list `situation` codes 0–9)
  waitingForAgent: "Waiting for an agent",
  notStarted: "Not started yet",
  waitingForCustomer: "Answered — waiting for you",
  answeredByCustomer: "You replied — waiting for an agent",
  cancelled: "Cancelled",
  finished: "Finished",
  agentChanged: "Passed to another agent",
  sentToSupportTeam: "Sent to the support team",
  waitingForManagerEvaluation: "Waiting for a manager's review",
  waitingForManagerEvaluation9: "Waiting for a manager's review",
  // legacy (chamado)
  acceptedByAgent: "Accepted by an agent",
  answeredByAgent: "Answered — waiting for your reply",
};
/** How a situation looks: "done", "action" (the customer's turn), "closed", or "open". */
const SITUATION_TONE = {
  finished: "done",
  cancelled: "closed",
  waitingForCustomer: "action",
  answeredByAgent: "action",
};
export const situationTone = (v) => (typeof v === "string" ? SITUATION_TONE[v] ?? "open" : "open");
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
 * An error → { title, detail } for people. Takes the package's typed errors and the Worker's
 * JSON errors alike (both have `kind`; the Worker's also `status`).
 * `what`: what the user was doing ("ticket", "tickets", "create", "reply", "sign-in").
 */
export function humanError(e, what = "request") {
  const server = e?.serverMessage ? `The helpdesk said: “${e.serverMessage}”.` : "";
  switch (e?.kind) {
    case "validation":
      return { title: "Some fields need fixing", detail: "Nothing was sent. Fix the fields marked in red and try again." };
    case "unauthorized":
      return what === "sign-in"
        ? { title: "Wrong e-mail or password", detail: "Check both and try again." }
        : { title: "Please sign in again", detail: "Your session has ended." };
    case "forbidden":
      return what === "sign-in"
        ? { title: "No helpdesk account for this e-mail", detail: e.message ?? "" }
        : { title: "Not allowed", detail: e.message ?? "This action is not allowed." };
    case "notFound":
      return what === "ticket" || what === "reply"
        ? { title: "No ticket found", detail: "It does not exist, or it is not one of your tickets." }
        : { title: "Not found", detail: e.message ?? "" };
    case "rateLimited":
      return {
        title: "Too many requests right now",
        detail: `The helpdesk accepts a few requests per second. Wait ${
          e.retryAfterMs ? `${Math.ceil(e.retryAfterMs / 1000)} s` : "a few seconds"
        } and try again.`,
      };
    case "tooLarge":
      return { title: "Too large", detail: "The form (with its attachments) is larger than the portal accepts." };
    case "server":
    case "decode":
      return {
        title: "The helpdesk is having trouble",
        detail: `It answered with an error${e.status ? ` (HTTP ${e.status})` : ""}. This is not your fault — try again in a minute.`,
      };
    case "network":
      return { title: "Cannot reach the helpdesk", detail: "Check your connection, or try again in a minute." };
    case "timeout":
      return { title: "The helpdesk took too long to answer", detail: "Try again in a moment." };
    case "api":
      return { title: what === "create" ? "The helpdesk did not create the ticket" : "The helpdesk refused the request", detail: server || e.message };
    case "config":
      return { title: "The portal is misconfigured", detail: "Tell the site's administrator." };
    default:
      return { title: "Something went wrong", detail: String(e?.message ?? e) };
  }
}
