// v2 account directory: `GET customer/list` (paged) → CustomerSummary, and `GET department/list`
// (`show_nested_items=1`) → DepartmentList, read leniently (numbers as strings, "S"/"N", PHP's
// object-shaped lists). Shapes in docs/v2-calls.md.
import * as z from "zod";
import { type Json } from "./envelope.js";
import { decodePage, objects, type Page } from "./page.js";
import { int, isObject, str, zBool, zDate, zStr } from "./lenient.js";

export const CUSTOMER_LIST_ENDPOINT = "GET /v2.0/customer/list";
export const DEPARTMENT_LIST_ENDPOINT = "GET /v2.0/department/list";

const any = () => z.unknown().optional();
const U32 = 0xffff_ffff;

export interface Named {
  id: string | null;
  name: string | null;
}

/** `{id, name}` (or `label`); null when both are absent or it is not an object. */
function named(v: unknown): Named | null {
  if (!isObject(v)) return null;
  const id = str(v.id);
  const name = str(v.name) ?? str(v.label);
  return id === null && name === null ? null : { id, name };
}

// ---- customer/list ----

/** A quota: a number; null or "" → "unlimited"; absent or unreadable → null. */
function quota(v: unknown): number | "unlimited" | null {
  if (v === undefined) return null;
  if (v === null) return "unlimited";
  if (typeof v === "string" && v.trim() === "") return "unlimited";
  if (typeof v !== "number" && typeof v !== "string") return null;
  const n = int(v);
  return n !== null && n >= 0 && n <= U32 ? n : null;
}

const CustomerField = z
  .object({ field_id: zStr, id: zStr, field_name: zStr, name: zStr, label: zStr, value: any() })
  .transform((f) => ({ id: f.field_id ?? f.id, name: f.field_name ?? f.name ?? f.label, value: f.value === undefined ? null : f.value }));

export const WireCustomerSummary = z
  .object({
    id: zStr,
    internal_id: zStr,
    name: zStr,
    email: zStr,
    phone: zStr,
    monthly_tickets_quota: any(),
    monthly_ticket_quota: any(),
    allowed_create_tickets: zBool,
    email_validated: zBool,
    active: zBool,
    account_approved: zBool,
    organization: any(),
    creation_date: zDate,
    custom_fields: any(),
  })
  .transform((c) => ({
    id: c.id,
    internalId: c.internal_id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    // plural "tickets" on this call (as seen live); the singular as a fallback
    monthlyTicketQuota: quota(c.monthly_tickets_quota !== undefined ? c.monthly_tickets_quota : c.monthly_ticket_quota),
    canCreateTickets: c.allowed_create_tickets,
    emailValidated: c.email_validated,
    active: c.active,
    accountApproved: c.account_approved,
    organization: named(c.organization),
    createdAt: c.creation_date,
    customFields: objects(c.custom_fields).map((f) => CustomerField.parse(f)),
  }));
export type CustomerSummary = z.output<typeof WireCustomerSummary>;

/** `(status, body)` of `GET v2.0/customer/list` → one page of customers, or throws a TomTicketError. */
export function decodeCustomerPage(status: number, body: string, retryAfter?: string | null): Page<CustomerSummary> {
  return decodePage(status, body, CUSTOMER_LIST_ENDPOINT, retryAfter, (o: Json) => WireCustomerSummary.parse(o));
}

// ---- department/list ----

const CustomField = z
  .object({ id: zStr, field_id: zStr, label: zStr, name: zStr, field_name: zStr })
  .transform((f) => ({ id: f.id ?? f.field_id, label: f.label ?? f.name ?? f.field_name }));
const customFields = (v: unknown) => objects(v).map((f) => CustomField.parse(f));

const Category = z
  .object({ id: zStr, name: zStr, custom_fields: any() })
  .transform((c) => ({ id: c.id, name: c.name, customFields: customFields(c.custom_fields) }));

export const WireDepartment = z
  .object({ id: zStr, name: zStr, categories: any(), general_custom_fields: any(), operators: any() })
  .transform((d) => {
    // `general_custom_fields` is `{ tickets: [...] }` on the live API, or a plain list
    const g = d.general_custom_fields;
    const general = isObject(g) && g.tickets !== undefined ? g.tickets : g;
    return {
      id: d.id,
      name: d.name,
      categories: objects(d.categories).map((c) => Category.parse(c)),
      generalCustomFields: customFields(general),
      operators: objects(d.operators).flatMap((o) => {
        const n = named(o);
        return n ? [n] : [];
      }),
    };
  });
export type Department = z.output<typeof WireDepartment>;

export interface DepartmentList {
  departments: Department[];
}

/** `(status, body)` of `GET v2.0/department/list` → every department, or throws a TomTicketError. */
export function decodeDepartmentList(status: number, body: string, retryAfter?: string | null): DepartmentList {
  return { departments: decodePage(status, body, DEPARTMENT_LIST_ENDPOINT, retryAfter, (o: Json) => WireDepartment.parse(o)).items };
}
