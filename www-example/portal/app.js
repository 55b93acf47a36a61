// The portal's logic. Three things, all with the package:
//   1. the new-customer form is validated on every keystroke by `validateNewCustomer` (the same
//      WebAssembly rules the client applies before sending) — each field's problems next to it;
//   2. TomTicketClient calls go to our Worker (`baseUrl: <worker>/api`, no token: the Worker
//      adds it), so the browser gets TomTicket's decoded answers and typed errors;
//   3. typed errors (`isTomTicketError(e)`, `e.kind`) become messages for people.
import { TomTicketClient, isTomTicketError, validateNewCustomer } from "tomticket-wasm";
import { humanError } from "./labels.js";
import { h, renderTicket } from "./ticket-view.js";
import { renderCustomer } from "./customer-view.js";

const $ = (sel) => document.querySelector(sel);
const status = $("#status");

// -- configuration --------------------------------------------------------------------------------
// config.json is written by whoever serves the page (the demo's static server). In production,
// serve the portal from the Worker's own origin and leave it out: the default is /api here.
async function loadConfig() {
  try {
    const res = await fetch("./config.json", { cache: "no-store" });
    if (res.ok) return await res.json();
  } catch {}
  return {};
}
const config = await loadConfig();
const apiBase = config.apiBase ?? new URL("/api", location.href).href;
// No token: this page is public. The client refuses a raw token in a browser page anyway.
const client = new TomTicketClient({ baseUrl: apiBase, timeoutMs: 15_000 });

// -- errors ---------------------------------------------------------------------------------------
function errorBox(e, what) {
  if (!isTomTicketError(e)) {
    console.error(e);
    return h("div", { class: "error-box", role: "alert", dataset: { kind: "internal" } },
      h("strong", {}, "Something went wrong in this page"), h("p", {}, String(e?.message ?? e)));
  }
  const { title, detail } = humanError(e, what);
  const tech = [e.kind, e.status ? `HTTP ${e.status}` : null, e.endpoint].filter(Boolean).join(" · ");
  return h("div", { class: "error-box", role: "alert", dataset: { kind: e.kind } },
    h("strong", { class: "error-title" }, title),
    h("p", { class: "error-detail" }, detail),
    e.issues?.length ? h("ul", {}, e.issues.map((i) => h("li", {}, i.message))) : null,
    h("details", { class: "small muted" }, h("summary", {}, "Technical details"), h("code", {}, tech), e.message ? h("p", {}, e.message) : null));
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

// -- 1. new customer: live validation ------------------------------------------------------------
const form = $("#customer-form");
const touched = new Set();
let submitted = false;

/** The form as a NewCustomer input: optional fields left empty are not sent. */
function readForm() {
  const data = new FormData(form);
  const input = { customerId: data.get("customerId") ?? "", name: data.get("name") ?? "" };
  for (const key of ["email", "phone", "language"]) {
    const v = data.get(key);
    if (v !== null && v !== "") input[key] = v;
  }
  input.canCreateTickets = form.elements.canCreateTickets.checked;
  return input;
}

const fieldOf = (issue) => String(issue.field ?? "").split(/[.[]/)[0];
const formFields = new Set([...form.querySelectorAll("[data-error-for]")].map((el) => el.dataset.errorFor));

/** The package's message, with the JS field name replaced by the field's label
 *  ("customerId is required" → "Customer id is required"). */
function issueText(issue) {
  const label = form.querySelector(`label[for="f-${fieldOf(issue)}"]`)?.firstChild?.textContent?.trim();
  const msg = String(issue.message ?? issue.code);
  return label && msg.startsWith(`${issue.field} `) ? `${label}${msg.slice(String(issue.field).length)}` : msg;
}

/** Validates the whole form and shows every visible problem next to its field, all at once. */
function validateForm() {
  const issues = validateNewCustomer(readForm());
  const byField = new Map();
  for (const issue of issues) {
    const f = formFields.has(fieldOf(issue)) ? fieldOf(issue) : "*";
    if (!byField.has(f)) byField.set(f, []);
    byField.get(f).push(issue);
  }
  for (const el of form.querySelectorAll("[data-error-for]")) {
    const f = el.dataset.errorFor;
    const visible = submitted || touched.has(f) || f === "*";
    const list = visible ? byField.get(f) ?? [] : [];
    el.replaceChildren(...list.map((i) => h("span", { class: "issue", dataset: { code: i.code, ...(i.limit !== undefined ? { limit: i.limit } : {}) } }, issueText(i))));
    const input = form.elements[f];
    if (input?.setAttribute) {
      if (list.length) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    el.closest(".field")?.classList.toggle("invalid", list.length > 0);
  }
  const summary = $("#form-summary");
  const started = submitted || touched.size > 0;
  summary.textContent = !started ? "" : issues.length
    ? `${issues.length} problem${issues.length === 1 ? "" : "s"} to fix`
    : "Looks good";
  summary.dataset.issues = String(issues.length);
  return issues;
}

form.addEventListener("input", (e) => {
  if (e.target.name) touched.add(e.target.name);
  validateForm();
});
form.addEventListener("focusout", (e) => {
  if (e.target.name && e.target.value) touched.add(e.target.name);
  validateForm();
});

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  submitted = true;
  const issues = validateForm();
  const out = $("#create-result");
  if (issues.length) {
    // Nothing leaves the browser while the form has problems.
    form.querySelector("[aria-invalid=true]")?.focus();
    show(out);
    return;
  }
  const input = readForm();
  await busy($("#create-button"), async () => {
    show(out, h("p", { class: "muted" }, "Creating…"));
    try {
      await client.createCustomer(input);
      const by = input.email ? { type: "email", value: input.email } : { type: "customerId", value: input.customerId };
      show(out, h("div", { class: "ok-box", role: "status", dataset: { created: input.customerId } },
        h("strong", {}, `✓ ${input.name} is now a TomTicket customer`),
        h("p", {}, `Customer id ${input.customerId}${input.email ? ` · ${input.email}` : ""}. `,
          h("button", { type: "button", class: "link", id: "find-created", onclick: () => lookup(by.type, by.value) }, "Find it →"))));
      form.reset();
      touched.clear();
      submitted = false;
      validateForm();
    } catch (err) {
      show(out, errorBox(err, "create"));
    }
  });
});

// -- 2. customer lookup ----------------------------------------------------------------------------
const lookupForm = $("#lookup-form");
$("#lookup-type").addEventListener("change", (e) => {
  $("#lookup-value").placeholder = e.target.value === "email" ? "maria@example.com" : "customer id";
});

async function lookup(type, value) {
  $("#lookup-type").value = type;
  $("#lookup-value").value = value;
  const out = $("#lookup-result");
  await busy($("#lookup-button"), async () => {
    show(out, h("p", { class: "muted" }, "Looking up…"));
    try {
      const customer = await client.getCustomer(type === "email" ? { email: value } : { customerId: value });
      show(out, renderCustomer(customer));
    } catch (err) {
      show(out, errorBox(err, "customer"));
    }
  });
  $("#find-customer").scrollIntoView({ block: "nearest", behavior: "smooth" });
}

lookupForm.addEventListener("submit", (e) => {
  e.preventDefault();
  lookup($("#lookup-type").value, $("#lookup-value").value.trim());
});

// -- 3. tickets ------------------------------------------------------------------------------------
let ticketLoad = null;

async function openTicket(ticketId) {
  ticketLoad?.abort();
  const controller = new AbortController();
  ticketLoad = controller;
  $("#ticket-id").value = ticketId;
  if (location.hash !== `#ticket=${ticketId}`) history.replaceState(null, "", `#ticket=${encodeURIComponent(ticketId)}`);
  const out = $("#ticket-result");
  await busy($("#ticket-button"), async () => {
    show(out, h("p", { class: "muted" }, "Opening…"));
    try {
      const ticket = await client.getTicket(
        { ticketId, includeStopwatch: true, includeEscalatedTickets: true },
        { signal: controller.signal },
      );
      show(out, renderTicket(ticket, { onOpenTicket: openTicket }));
    } catch (err) {
      if (isTomTicketError(err) && err.kind === "aborted" && controller !== ticketLoad) return; // replaced by a newer load
      show(out, errorBox(err, "ticket"));
    }
  });
}

$("#ticket-form").addEventListener("submit", (e) => {
  e.preventDefault();
  openTicket($("#ticket-id").value.trim());
});

// Example ids offered by the demo (config.json), as one-click buttons.
for (const ex of config.examples?.tickets ?? []) {
  $("#ticket-examples").append(" ", h("button", { type: "button", class: "chip", onclick: () => openTicket(ex.id) }, ex.label ?? ex.id));
}
if (config.examples?.tickets?.length) $("#ticket-examples").prepend("Try: ");

// -- start -----------------------------------------------------------------------------------------
validateForm();
const fromHash = /^#ticket=(.+)$/.exec(location.hash);
if (fromHash) openTicket(decodeURIComponent(fromHash[1]));
status.textContent = `Ready · API: ${apiBase}`;
status.dataset.state = "ready";
