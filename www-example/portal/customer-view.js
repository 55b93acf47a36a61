// Renders a `Customer` decoded by the package (getCustomer).
import { h } from "./ticket-view.js";

/** A `Quota` (`number | "unlimited"`; `null`: not sent). */
function quotaText(q) {
  if (q === null || q === undefined) return null;
  if (q === "unlimited") return "Unlimited";
  return `${q} ticket${q === 1 ? "" : "s"} a month`;
}

function yesNo(v) {
  return v === null || v === undefined ? null : v ? "Yes" : "No";
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

function org(o) {
  if (!o) return null;
  return [o.name ?? o.id, o.active === false ? " (inactive)" : ""].join("");
}

/** @param {import("tomticket-wasm").Customer} c */
export function renderCustomer(c) {
  const p = c.permissions ?? {};
  const active = p.active ?? c.active;
  return h("article", { class: "customer", dataset: { customerId: c.internalId ?? "" } },
    h("header", {},
      h("h3", { class: "customer-name" }, c.name ?? "(no name)"),
      h("div", { class: "badges" },
        active === undefined || active === null ? null
          : h("span", { class: `badge ${active ? "ok" : "warn"}` }, active ? "Active" : "Inactive"),
        p.emailValidated === true ? h("span", { class: "badge ok" }, "E-mail confirmed") : null,
        p.canCreateTickets === false ? h("span", { class: "badge warn" }, "May not open tickets") : null)),
    h("dl", { class: "facts" },
      fact("Customer id", c.internalId),
      fact("E-mail", c.email),
      fact("Phone", c.phone),
      fact("Organization", org(c.organization)),
      fact("Parent organization", org(c.motherOrganization)),
      fact("Ticket quota", quotaText(p.monthlyTicketQuota ?? c.monthlyTicketQuota)),
      fact("May open tickets", yesNo(p.canCreateTickets))),
    c.customFields?.length
      ? h("dl", { class: "facts custom-fields" }, c.customFields.map((f) => fact(f.name ?? f.id, valueText(f.value))))
      : null);
}
