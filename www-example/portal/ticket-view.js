// Renders a `Ticket` decoded by the package (camelCase fields, codes already named) as a page a
// customer can read. Builds DOM nodes only — server text never goes through innerHTML.
import {
  formatBytes, formatDate, formatDuration, formatMoney, originLabel, priorityLabel, ratingLabel,
  situationLabel, slaLabel, ticketTypeLabel, token,
} from "./labels.js";

/** h("p", { class: "x" }, "text", node, null, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  const add = (c) => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.append(c instanceof Node ? c : String(c));
  };
  children.forEach(add);
  return el;
}

/** TomTicket messages are HTML: show their text (with line breaks), never their markup. */
function htmlToText(html) {
  if (!html) return "";
  const doc = new DOMParser().parseFromString(String(html).replace(/<br\s*\/?>/gi, "\n").replace(/<\/p>/gi, "</p>\n"), "text/html");
  return (doc.body.textContent ?? "").replace(/\n{3,}/g, "\n\n").trim();
}

function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/** A paperclip icon (inline SVG: no emoji font needed). */
function clip() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M21.4 11.1l-8.5 8.5a5.5 5.5 0 01-7.8-7.8l8.5-8.5a3.7 3.7 0 015.2 5.2l-8.5 8.5a1.8 1.8 0 01-2.6-2.6l7.8-7.8");
  svg.append(path);
  return svg;
}

function attachmentList(list, cls = "attachments") {
  if (!list?.length) return null;
  return h("ul", { class: cls },
    list.map((a) => {
      const href = safeUrl(a.url);
      const name = a.name ?? "attachment";
      const size = formatBytes(a.sizeBytes);
      return h("li", { class: "attachment" },
        clip(),
        href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, name) : name,
        size ? h("span", { class: "muted" }, ` · ${size}`) : null,
        a.mimeType ? h("span", { class: "muted" }, ` · ${a.mimeType}`) : null);
    }));
}

function fact(label, value) {
  if (value === null || value === undefined || value === "") return null;
  return [h("dt", {}, label), h("dd", {}, value)];
}

function jsonText(v) {
  if (v === null || v === undefined) return "—";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (Array.isArray(v)) return v.map(jsonText).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v) === "" ? "—" : String(v);
}

function bubble({ from, who, at, text, attachments, extra }) {
  const side = token(from);
  return h("li", { class: `bubble from-${side}`, dataset: { from: side } },
    h("div", { class: "bubble-head" },
      h("strong", {}, who),
      h("span", { class: "muted" }, [originLabel(from) && who !== originLabel(from) ? ` · ${originLabel(from)}` : null, at ? ` · ${at}` : null])),
    h("div", { class: "bubble-text" }, text || h("em", { class: "muted" }, "(no text)")),
    extra,
    attachmentList(attachments));
}

/**
 * @param {import("tomticket-wasm").Ticket} t
 * @param {{ onOpenTicket: (id: string) => void }} actions
 */
export function renderTicket(t, { onOpenTicket }) {
  const customerName = t.customer?.name ?? "Customer";
  const conversation = [];
  if (t.message) {
    conversation.push(bubble({
      from: "customer",
      who: customerName,
      at: formatDate(t.createdAt),
      text: htmlToText(t.message),
      attachments: t.attachments,
    }));
  }
  for (const entry of t.history) {
    const fromAgent = token(entry.from) === "agent";
    const span = entry.startedAt || entry.endedAt
      ? h("div", { class: "muted small" }, `worked ${[entry.startedAt, entry.endedAt].map((x) => formatDate(x) ?? x ?? "?").join(" → ")}`)
      : null;
    conversation.push(bubble({
      from: entry.from,
      who: fromAgent ? entry.agent ?? "Agent" : token(entry.from) === "customer" ? customerName : originLabel(entry.from) ?? "Someone",
      at: formatDate(entry.at),
      text: htmlToText(entry.message),
      attachments: entry.attachments,
      extra: span,
    }));
  }

  const escalated = t.escalatedTickets ?? [];
  const slaBadge = (name, v) =>
    h("span", { class: `badge sla sla-${token(v)}`, dataset: { sla: token(v) } }, `${name}: ${slaLabel(v)}`);
  const evaluated = t.evaluation && (t.evaluation.rating || t.evaluation.problemSolved !== null || t.evaluation.comment);

  return h("article", { class: "ticket", dataset: { ticketId: t.id } },
    h("header", { class: "ticket-head" },
      h("div", { class: "muted small" }, `Ticket #${t.protocol ?? "?"}`, t.kind ? ` · ${ticketTypeLabel(t.kind)}` : null),
      h("h3", { class: "ticket-subject" }, t.subject ?? "(no subject)"),
      h("div", { class: "badges" },
        t.priority ? h("span", { class: `badge priority priority-${token(t.priority)}`, dataset: { priority: token(t.priority) } }, `Priority: ${priorityLabel(t.priority)}`) : null,
        t.lastSituation
          ? h("span", { class: `badge situation situation-${token(t.lastSituation)}`, dataset: { situation: token(t.lastSituation) } }, situationLabel(t.lastSituation))
          : null,
        t.status ? h("span", { class: "badge status" }, `Status: ${t.status}`) : null,
        slaBadge("First-response SLA", t.sla.firstResponse),
        slaBadge("Deadline SLA", t.sla.deadline))),

    t.parentTicketId
      ? h("p", { class: "parent" }, "Escalated from ticket ",
        h("button", { type: "button", class: "link", onclick: () => onOpenTicket(t.parentTicketId) }, t.parentTicketId))
      : null,

    h("dl", { class: "facts" },
      fact("Customer", [customerName, t.customer?.email ? ` <${t.customer.email}>` : ""].join("")),
      fact("Organization", t.organizationName),
      fact("Department", [t.department, t.category].filter(Boolean).join(" › ") || null),
      fact("Agent", t.agent),
      fact("Opened", formatDate(t.createdAt)),
      fact("First response", formatDate(t.firstResponseAt)),
      fact("Deadline", formatDate(t.deadline)),
      fact("Closed", formatDate(t.closedAt)),
      fact("Time worked", formatDuration(t.workedSeconds)),
      fact("Total", t.pricing?.grossTotal !== null && t.pricing?.grossTotal !== undefined ? `R$ ${formatMoney(t.pricing.grossTotal)}` : null)),

    h("section", { class: "conversation-section" },
      h("h4", {}, `Conversation (${conversation.length} message${conversation.length === 1 ? "" : "s"})`),
      conversation.length ? h("ol", { class: "conversation" }, conversation) : h("p", { class: "muted" }, "No messages yet.")),

    escalated.length
      ? h("section", { class: "escalated" },
        h("h4", {}, `Escalated tickets (${escalated.length})`),
        h("ul", {}, escalated.map((e) =>
          h("li", { class: "escalated-ticket" },
            h("button", { type: "button", class: "link", onclick: () => e.id && onOpenTicket(e.id) }, `#${e.protocol ?? "?"}`),
            ` ${e.subject ?? ""}`))))
      : null,

    t.customFields.length || t.closingCustomFields.length
      ? h("section", { class: "custom-fields" },
        h("h4", {}, "Details"),
        h("dl", { class: "facts" },
          t.customFields.map((f) => fact(f.label ?? f.id ?? "Field", jsonText(f.value))),
          t.closingCustomFields.map((f) => fact(`${f.label ?? "Field"} (at closing)`, jsonText(f.value)))))
      : null,

    evaluated
      ? h("section", { class: "evaluation" },
        h("h4", {}, "Customer evaluation"),
        h("p", { class: "badges" },
          t.evaluation.rating ? h("span", { class: `badge rating-${token(t.evaluation.rating)}` }, `Service: ${ratingLabel(t.evaluation.rating)}`) : null,
          t.evaluation.problemSolved === null ? null : h("span", { class: "badge" }, t.evaluation.problemSolved ? "Problem solved" : "Problem not solved")),
        t.evaluation.comment ? h("blockquote", {}, t.evaluation.comment) : null)
      : null,

    t.statusHistory.length || t.stopwatch?.length
      ? h("details", { class: "more" },
        h("summary", {}, "Status history and time log"),
        t.statusHistory.length
          ? h("ol", { class: "status-history" }, t.statusHistory.map((s) =>
            h("li", {}, h("strong", {}, s.status ?? "?"), ` · ${formatDate(s.startedAt) ?? "?"} → ${formatDate(s.endedAt) ?? "now"}`,
              s.startedBy ? ` · ${s.startedBy}` : "", s.comment ? h("div", { class: "muted" }, s.comment) : null)))
          : null,
        t.stopwatch?.length
          ? h("ol", { class: "stopwatch" }, t.stopwatch.map((w) =>
            h("li", {}, `${formatDate(w.start) ?? "?"} → ${w.end ? formatDate(w.end) : "running"}`,
              w.operator ? ` · ${w.operator}` : "", w.createdManually ? " · entered by hand" : "")))
          : null)
      : null);
}
