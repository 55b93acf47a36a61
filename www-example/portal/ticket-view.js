// Renders tickets as the Worker gives them to a customer (GET /api/tickets, /api/tickets/:id:
// the package's decoded values — camelCase, codes already named — minus internal notes). Builds
// DOM nodes only: server text never goes through innerHTML.
import {
  formatBytes, formatDate, originLabel, priorityLabel, situationLabel, situationTone, slaLabel, token,
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
export function htmlToText(html) {
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

function attachmentList(list) {
  if (!list?.length) return null;
  return h("ul", { class: "attachments" },
    list.map((a) => {
      const href = safeUrl(a.url);
      const name = a.name ?? "attachment";
      const size = formatBytes(a.sizeBytes);
      return h("li", { class: "attachment" },
        clip(),
        href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, name) : name,
        size ? h("span", { class: "muted" }, ` · ${size}`) : null);
    }));
}

function fact(label, value) {
  if (value === null || value === undefined || value === "") return null;
  return [h("dt", {}, label), h("dd", {}, value)];
}

function valueText(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (Array.isArray(v)) return v.map(valueText).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** The situation as a badge with a descriptive label (and the raw code in data-situation). */
export function situationBadge(situation) {
  if (!situation) return null;
  return h("span", { class: `badge situation tone-${situationTone(situation)}`, dataset: { situation: token(situation) } }, situationLabel(situation));
}

export function priorityBadge(priority) {
  if (!priority) return null;
  return h("span", { class: `badge priority priority-${token(priority)}`, dataset: { priority: token(priority) } }, `Priority: ${priorityLabel(priority)}`);
}

/** One row of "My tickets". */
export function ticketRow(t, { onOpen }) {
  return h("li", { class: "ticket-row", dataset: { ticketId: t.id } },
    h("button", { type: "button", class: "ticket-link", onclick: () => onOpen(t.id) },
      h("span", { class: "ticket-protocol muted" }, `#${t.protocol ?? "?"}`),
      h("span", { class: "ticket-subject" }, t.subject ?? "(no subject)")),
    h("span", { class: "ticket-meta muted small" }, [t.department, formatDate(t.createdAt)].filter(Boolean).join(" · ")),
    situationBadge(t.situation));
}

function bubble({ from, who, at, text, attachments }) {
  const side = token(from);
  return h("li", { class: `bubble from-${side}`, dataset: { from: side } },
    h("div", { class: "bubble-head" },
      h("strong", {}, who),
      h("span", { class: "muted" }, [originLabel(from) && who !== originLabel(from) ? ` · ${originLabel(from)}` : null, at ? ` · ${at}` : null])),
    h("div", { class: "bubble-text" }, text || h("em", { class: "muted" }, "(no text)")),
    attachmentList(attachments));
}

/** A ticket as its customer reads it. */
export function renderTicket(t) {
  const customerName = t.customer?.name ?? "You";
  const conversation = [];
  if (t.message) {
    conversation.push(bubble({ from: "customer", who: customerName, at: formatDate(t.createdAt), text: htmlToText(t.message), attachments: t.attachments }));
  }
  for (const entry of t.history ?? []) {
    const fromAgent = token(entry.from) === "agent";
    conversation.push(bubble({
      from: entry.from,
      who: fromAgent ? entry.agent ?? "Agent" : customerName,
      at: formatDate(entry.at),
      text: htmlToText(entry.message),
      attachments: entry.attachments,
    }));
  }
  const sla = t.sla
    ? [["First response", t.sla.firstResponse], ["Deadline", t.sla.deadline]]
      .filter(([, v]) => v && v !== "noSla")
      .map(([name, v]) => h("span", { class: `badge sla sla-${token(v)}`, dataset: { sla: token(v) } }, `${name}: ${slaLabel(v)}`))
    : [];

  return h("article", { class: "ticket", dataset: { ticketId: t.id } },
    h("header", { class: "ticket-head" },
      h("div", { class: "muted small" }, `Ticket #${t.protocol ?? "?"}`),
      h("h3", { class: "ticket-subject" }, t.subject ?? "(no subject)"),
      h("div", { class: "badges" }, situationBadge(t.situation), priorityBadge(t.priority), sla)),
    h("dl", { class: "facts" },
      fact("Department", [t.department, t.category].filter(Boolean).join(" › ") || null),
      fact("Agent", t.agent),
      fact("Opened", formatDate(t.createdAt)),
      fact("First response", formatDate(t.firstResponseAt)),
      fact("Closed", formatDate(t.closedAt))),
    h("section", { class: "conversation-section" },
      h("h4", {}, `Conversation (${conversation.length} message${conversation.length === 1 ? "" : "s"})`),
      conversation.length ? h("ol", { class: "conversation" }, conversation) : h("p", { class: "muted" }, "No messages yet.")),
    t.customFields?.length
      ? h("section", { class: "custom-fields" },
        h("h4", {}, "Details"),
        h("dl", { class: "facts" }, t.customFields.map((f) => fact(f.label ?? f.id ?? "Field", valueText(f.value)))))
      : null);
}
