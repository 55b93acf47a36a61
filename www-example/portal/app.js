// The customer portal. Served by the Worker (same origin as its API), it talks only to the
// Worker's routes — POST /session, GET /api/me, /api/tickets, /api/departments, /api/events … —
// with the session cookie the Worker set (HttpOnly: this script never sees it).
//
// The package runs here for one thing: the new-ticket form is checked on every keystroke by
// `validateNewTicket`, the same WebAssembly rules the Worker (and the client inside it) applies
// before anything is sent to TomTicket.
import * as tt from "./vendor/tomticket-wasm/index.browser.js";
import { humanError } from "./labels.js";
import { h, renderTicket, ticketRow } from "./ticket-view.js";

const $ = (sel) => document.querySelector(sel);
const status = $("#status");
const VIEWS = { "sign-in": "#sign-in", tickets: "#my-tickets", ticket: "#open-ticket", new: "#new-ticket" };
const validateNewTicket = typeof tt.validateNewTicket === "function" ? tt.validateNewTicket : () => [];
// Whether this package's pure validateNewTicket reads File objects (the client's createTicket
// always does). When it does not, the files are left to the Worker's check.
const VALIDATES_FILES = (() => {
  try {
    const probe = { email: "probe@example.com", departmentId: "1", subject: "s", message: "m", attachments: [new File(["x"], "x.txt")] };
    return !validateNewTicket(probe).some((i) => String(i.field).startsWith("attachments"));
  } catch {
    return false;
  }
})();

let me = null;
let currentPage = 1;
let currentTicket = null;

// -- the Worker's API ------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    Object.assign(this, error ?? {});
    this.status = status;
    this.kind = error?.kind ?? (status >= 500 ? "server" : "api");
  }
}

async function api(path, { method = "GET", body, json } = {}) {
  const init = { method, credentials: "same-origin", headers: { accept: "application/json" } };
  if (json) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (body) init.body = body;
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, { kind: "network", message: "The portal's server cannot be reached" });
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new ApiError(res.status, data?.error);
    const retry = res.headers.get("retry-after");
    if (retry && !err.retryAfterMs) err.retryAfterMs = Number(retry) * 1000;
    if (res.status === 401 && me && !path.startsWith("/session")) signedOut("Your session has ended: sign in again.");
    throw err;
  }
  return data;
}

// -- small helpers ----------------------------------------------------------------------------------

function errorBox(e, what) {
  const { title, detail } = humanError(e, what);
  return h("div", { class: "error-box", role: "alert", dataset: { kind: e?.kind ?? "internal" } },
    h("strong", { class: "error-title" }, title),
    detail ? h("p", { class: "error-detail" }, detail) : null,
    e?.issues?.length ? h("ul", {}, e.issues.map((i) => h("li", {}, i.message ?? i.code))) : null);
}

function show(container, ...nodes) {
  container.replaceChildren(...nodes.filter(Boolean));
}

async function busy(button, fn) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

function view(name) {
  for (const [key, sel] of Object.entries(VIEWS)) $(sel).hidden = key !== name;
  $("#nav").hidden = name === "sign-in";
  $("#who").hidden = name === "sign-in";
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("current", a.getAttribute("href") === `#${name === "ticket" ? "tickets" : name}`);
}

// -- sign in / out ---------------------------------------------------------------------------------

function signedOut(message) {
  me = null;
  // Nothing of the previous customer stays in the page (a shared computer; the next sign-in must
  // never show their tickets, even for the moment before its own list arrives).
  for (const id of ["#tickets-result", "#events", "#tickets-count", "#page-info", "#ticket-result"]) {
    const el = $(id);
    if (el) el.replaceChildren();
  }
  view("sign-in");
  if (message) show($("#sign-in-result"), h("p", { class: "muted" }, message));
}

function signedIn(customer) {
  me = customer;
  $("#who-name").textContent = customer.name ?? customer.email;
  $("#who-email").textContent = customer.email;
}

$("#sign-in-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const data = new FormData(e.target);
  await busy($("#sign-in-button"), async () => {
    show($("#sign-in-result"), h("p", { class: "muted" }, "Signing in…"));
    try {
      await api("/session", { method: "POST", json: { email: data.get("email"), password: data.get("password") } });
      const { customer } = await api("/api/me");
      signedIn(customer);
      e.target.reset();
      show($("#sign-in-result"));
      if (location.hash !== "#tickets") location.hash = "#tickets";
      else route();
    } catch (err) {
      show($("#sign-in-result"), errorBox(err, "sign-in"));
    }
  });
});

$("#sign-out").addEventListener("click", async () => {
  try {
    await api("/session/sign-out", { method: "POST" });
  } catch {}
  history.replaceState(null, "", location.pathname);
  signedOut("You are signed out.");
});

// -- my tickets --------------------------------------------------------------------------------------

async function loadTickets(page) {
  currentPage = page;
  const out = $("#tickets-result");
  show(out, h("p", { class: "muted" }, "Loading your tickets…"));
  $("#prev-page").disabled = true;
  $("#next-page").disabled = true;
  try {
    const res = await api(`/api/tickets?page=${page}`);
    const open = (id) => (location.hash = `#ticket/${encodeURIComponent(id)}`);
    show(out, res.items.length
      ? h("ol", { class: "ticket-list", dataset: { page: res.page } }, res.items.map((t) => ticketRow(t, { onOpen: open })))
      : h("p", { class: "muted" }, page === 1 ? "You have no tickets yet." : "No tickets on this page."));
    $("#page-info").textContent = res.pages ? `Page ${res.page} of ${res.pages}` : `Page ${res.page}`;
    $("#page-info").dataset.page = String(res.page);
    $("#tickets-count").textContent = res.total !== null && res.total !== undefined ? `${res.total} ticket${res.total === 1 ? "" : "s"}` : "";
    $("#prev-page").disabled = !res.previousPage;
    $("#next-page").disabled = !res.nextPage;
    $("#prev-page").onclick = () => (location.hash = `#tickets/${res.previousPage}`);
    $("#next-page").onclick = () => (location.hash = `#tickets/${res.nextPage}`);
  } catch (err) {
    show(out, errorBox(err, "tickets"));
  }
}

async function loadEvents() {
  const out = $("#events");
  try {
    const { events } = await api("/api/events");
    if (!events.length) return show(out);
    show(out, h("div", { class: "events-box" },
      h("strong", {}, "Recent updates"),
      h("ul", {}, events.slice(0, 5).map((ev) =>
        h("li", { class: "event", dataset: { action: ev.action } },
          h("a", { href: `#ticket/${encodeURIComponent(ev.ticketId)}` }, `#${ev.protocol ?? "?"} ${ev.subject ?? ""}`),
          ` — ${ev.action === "created" ? "opened" : ev.action === "deleted" ? "deleted" : "updated"}`,
          h("span", { class: "muted small" }, ` · ${new Date(ev.receivedAt ?? ev.at).toLocaleString()}`))))));
  } catch {
    show(out);
  }
}

// -- one ticket, and the reply form --------------------------------------------------------------------

async function openTicket(id) {
  currentTicket = id;
  const out = $("#ticket-result");
  $("#reply-form").hidden = true;
  show($("#reply-result"));
  show(out, h("p", { class: "muted" }, "Opening…"));
  try {
    const { ticket } = await api(`/api/tickets/${encodeURIComponent(id)}`);
    if (currentTicket !== id) return;
    show(out, renderTicket(ticket));
    $("#reply-form").hidden = ticket.situation === "finished" || ticket.situation === "cancelled";
  } catch (err) {
    if (currentTicket === id) show(out, errorBox(err, "ticket"));
  }
}

$("#reply-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  const message = form.elements.message.value;
  const err = form.querySelector('[data-error-for="message"]');
  if (!message.trim()) {
    err.textContent = "Write a message first";
    form.elements.message.setAttribute("aria-invalid", "true");
    return;
  }
  err.textContent = "";
  form.elements.message.removeAttribute("aria-invalid");
  const id = currentTicket;
  await busy($("#reply-button"), async () => {
    show($("#reply-result"), h("p", { class: "muted" }, "Sending…"));
    try {
      await api(`/api/tickets/${encodeURIComponent(id)}/replies`, { method: "POST", body: new FormData(form) });
      form.reset();
      await openTicket(id);
      show($("#reply-result"), h("div", { class: "ok-box", role: "status" }, h("strong", {}, "✓ Reply sent")));
      $("#reply-form").hidden = false;
    } catch (error) {
      show($("#reply-result"), errorBox(error, "reply"));
    }
  });
});

// -- new ticket: controls from GET /api/departments, validated as you type ------------------------------

const form = $("#ticket-form");
const touched = new Set();
let submitted = false;
let departments = null;

function option(value, label) {
  return h("option", { value }, label);
}

async function loadDepartments() {
  if (departments) return;
  const res = await api("/api/departments");
  departments = res.departments;
  const sel = form.elements.departmentId;
  sel.replaceChildren(option("", "Choose a department…"), ...departments.map((d) => option(d.id, d.name)));
  fillCategories();
}

function department() {
  return departments?.find((d) => d.id === form.elements.departmentId.value) ?? null;
}
function category() {
  return department()?.categories.find((c) => c.id === form.elements.categoryId.value) ?? null;
}

function fillCategories() {
  const d = department();
  const sel = form.elements.categoryId;
  sel.replaceChildren(option("", d?.categories.length ? "(none)" : "—"), ...(d?.categories ?? []).map((c) => option(c.id, c.name)));
  sel.disabled = !d?.categories.length;
  fillCustomFields();
}

/** The custom fields of the chosen category (or the department's general ones without one). */
function fillCustomFields() {
  const d = department();
  const fields = category()?.customFields ?? d?.generalCustomFields ?? [];
  const list = $("#custom-fields-list");
  list.replaceChildren(...fields.map((f) =>
    h("div", { class: "field", dataset: { field: `customFields.${f.id}` } },
      h("label", { for: `cf-${f.id}` }, f.label ?? f.id),
      h("input", { id: `cf-${f.id}`, name: `cf:${f.id}`, dataset: { customField: f.id } }),
      h("p", { class: "error", dataset: { errorFor: `customFields.${f.id}` }, role: "alert" }))));
  $("#custom-fields").hidden = fields.length === 0;
}

/** The form as a NewTicket input (the customer is the signed-in one; the Worker sets it anyway). */
function readTicketForm() {
  const input = {
    email: me?.email ?? "",
    departmentId: form.elements.departmentId.value,
    subject: form.elements.subject.value,
    message: form.elements.message.value,
  };
  if (form.elements.categoryId.value) input.categoryId = form.elements.categoryId.value;
  if (form.elements.priority.value) input.priority = form.elements.priority.value;
  const customFields = {};
  for (const el of form.querySelectorAll("[data-custom-field]")) if (el.value !== "") customFields[el.dataset.customField] = el.value;
  if (Object.keys(customFields).length) input.customFields = customFields;
  const files = [...form.elements.attachment.files];
  if (files.length) input.attachments = files;
  return input;
}

function issuesOf(input) {
  if (VALIDATES_FILES || !input.attachments) return validateNewTicket(input);
  const { attachments, ...rest } = input;
  return validateNewTicket(rest);
}

/** "customFields.abc" → the custom field's own slot; "attachments[0].name" → "attachments". */
function slotFor(issue) {
  const field = String(issue.field ?? "");
  if (form.querySelector(`[data-error-for="${CSS.escape(field)}"]`)) return field;
  const head = field.split(/[.[]/)[0];
  return form.querySelector(`[data-error-for="${CSS.escape(head)}"]`) ? head : "*";
}

function issueText(issue) {
  const slot = slotFor(issue);
  const label = form.querySelector(`[data-field="${CSS.escape(slot)}"] label`)?.firstChild?.textContent?.trim();
  const msg = String(issue.message ?? issue.code);
  return label && msg.startsWith(`${issue.field} `) ? `${label}${msg.slice(String(issue.field).length)}` : msg;
}

function showIssues(issues) {
  const bySlot = new Map();
  for (const issue of issues) {
    const slot = slotFor(issue);
    if (!bySlot.has(slot)) bySlot.set(slot, []);
    bySlot.get(slot).push(issue);
  }
  for (const el of form.querySelectorAll("[data-error-for]")) {
    const slot = el.dataset.errorFor;
    const name = slot.startsWith("customFields.") ? `cf:${slot.slice(13)}` : slot === "attachments" ? "attachment" : slot;
    const visible = submitted || touched.has(name) || slot === "*" || slot.startsWith("customFields");
    const list = visible ? bySlot.get(slot) ?? [] : [];
    el.replaceChildren(...list.map((i) => h("span", { class: "issue", dataset: { code: i.code, ...(i.limit !== undefined ? { limit: i.limit } : {}) } }, issueText(i))));
    const input = form.elements[name];
    if (input?.setAttribute) {
      if (list.length) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    el.closest(".field")?.classList.toggle("invalid", list.length > 0);
  }
}

function validateTicketForm() {
  const issues = [...issuesOf(readTicketForm())];
  if (!form.elements.departmentId.value && !issues.some((i) => i.field === "departmentId")) {
    issues.push({ field: "departmentId", code: "required", message: "Choose a department" });
  }
  showIssues(issues);
  const summary = $("#form-summary");
  const started = submitted || touched.size > 0;
  summary.textContent = !started ? "" : issues.length ? `${issues.length} problem${issues.length === 1 ? "" : "s"} to fix` : "Looks good";
  summary.dataset.issues = String(issues.length);
  return issues;
}

form.addEventListener("change", (e) => {
  if (e.target === form.elements.departmentId) fillCategories();
  else if (e.target === form.elements.categoryId) fillCustomFields();
  if (e.target.name) touched.add(e.target.name);
  validateTicketForm();
});
form.addEventListener("input", (e) => {
  if (e.target.name) touched.add(e.target.name);
  validateTicketForm();
});

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  submitted = true;
  const issues = validateTicketForm();
  const out = $("#create-result");
  if (issues.length) {
    // Nothing leaves the browser while the form has problems.
    form.querySelector("[aria-invalid=true]")?.focus();
    show(out);
    return;
  }
  const input = readTicketForm();
  const body = new FormData();
  for (const key of ["departmentId", "categoryId", "subject", "message", "priority"]) if (input[key]) body.append(key, input[key]);
  if (input.customFields) body.append("customFields", JSON.stringify(input.customFields));
  for (const file of input.attachments ?? []) body.append("attachment", file);
  await busy($("#create-button"), async () => {
    show(out, h("p", { class: "muted" }, "Creating…"));
    try {
      const res = await api("/api/tickets", { method: "POST", body });
      show(out, h("div", { class: "ok-box", role: "status", dataset: { created: res.ticketId ?? "" } },
        h("strong", {}, `✓ Ticket #${res.protocol ?? "?"} created`),
        h("p", {}, `“${input.subject}”${res.attachments ? ` with ${res.attachments} attachment${res.attachments === 1 ? "" : "s"}` : ""}. `,
          res.ticketId ? h("a", { href: `#ticket/${encodeURIComponent(res.ticketId)}`, id: "open-created" }, "Open it →") : null)));
      form.reset();
      fillCategories();
      touched.clear();
      submitted = false;
      validateTicketForm();
    } catch (err) {
      if (err.issues?.length) showIssues(err.issues);
      show(out, errorBox(err, "create"));
    }
  });
});

// -- routing -------------------------------------------------------------------------------------------

async function route() {
  if (!me) return;
  const hash = location.hash;
  let m;
  if ((m = /^#ticket\/(.+)$/.exec(hash))) {
    view("ticket");
    await openTicket(decodeURIComponent(m[1]));
  } else if (hash === "#new") {
    view("new");
    try {
      await loadDepartments();
      validateTicketForm();
    } catch (err) {
      show($("#create-result"), errorBox(err, "departments"));
    }
  } else {
    view("tickets");
    m = /^#tickets\/(\d+)$/.exec(hash);
    await Promise.all([loadTickets(m ? Number(m[1]) : 1), loadEvents()]);
  }
}
window.addEventListener("hashchange", route);

// -- start ----------------------------------------------------------------------------------------------
try {
  const { customer } = await api("/api/me");
  signedIn(customer);
  await route();
} catch (err) {
  if (err.status !== 401) show($("#sign-in-result"), errorBox(err, "sign-in"));
  signedOut();
}
status.textContent = typeof tt.validateNewTicket === "function" ? "" : "This package has no validateNewTicket: the form is checked by the Worker only.";
status.dataset.state = "ready";
