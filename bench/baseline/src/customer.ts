// v2.0 customer endpoints: `GET customer/details` (lookup + decode) and `POST customer/new`
// (validate + encode + decode).
import * as z from "zod";
import { TomTicketError, type Issue } from "./errors.js";
import { decodeEnvelope, v2Data, type Json } from "./envelope.js";
import { preview, type EncodedRequest, type Prepared } from "./http.js";
import { toIssues } from "./issues.js";
import { bool, int, isObject, str } from "./lenient.js";
import { blankAsAbsent, canonicalLanguage, customFieldPairs, customFields, email, language, text } from "./rules.js";

// ---- POST customer/new ----
export const NewCustomerSchema = z.strictObject({
  customerId: text(250, { required: true }),
  name: text(250, { required: true }),
  email: blankAsAbsent(email(250)),
  phone: blankAsAbsent(text(20)),
  canCreateTickets: z.boolean().optional(),
  organizationId: blankAsAbsent(text(512)),
  language: language.optional(),
  portfolioId: blankAsAbsent(text(512)),
  customFields: customFields.optional(),
});
export type NewCustomer = z.input<typeof NewCustomerSchema>;

/** v2's documented spellings (the page mixes separators). */
const V2_LANGUAGE = { pt: "pt-BR", en: "en-US", es: "es_ES" } as const;

export function validateNewCustomer(input: unknown): Issue[] {
  const r = NewCustomerSchema.safeParse(input);
  return r.success ? [] : toIssues(r.error, input, "NewCustomer");
}

export function parseNewCustomer(input: unknown): Prepared {
  const r = NewCustomerSchema.safeParse(input);
  if (!r.success) throw TomTicketError.validation(toIssues(r.error, input, "NewCustomer"));
  const c = r.data;
  const form: [string, string][] = [
    ["customer_id", c.customerId],
    ["name", c.name],
  ];
  if (c.email !== undefined) form.push(["email", c.email]);
  if (c.phone !== undefined) form.push(["phone", c.phone]);
  if (c.canCreateTickets !== undefined) form.push(["create_tickets", c.canCreateTickets ? "1" : "0"]);
  if (c.organizationId !== undefined) form.push(["organization_id", c.organizationId]);
  if (c.language !== undefined) form.push(["language", V2_LANGUAGE[canonicalLanguage(c.language)]]);
  if (c.portfolioId !== undefined) form.push(["portfolio_id", c.portfolioId]);
  form.push(...customFieldPairs(c.customFields, (id) => `custom_field[${id}]`));
  return { method: "POST", segments: ["v2.0", "customer", "new"], query: [], form, auth: "bearerHeader", family: "v2" };
}

export const encodeNewCustomer = (input: unknown): EncodedRequest => preview(parseNewCustomer(input));

export interface CreateCustomerResult {
  message: string | null;
}

export function decodeCreateCustomer(status: number, body: string, retryAfter?: string | null): CreateCustomerResult {
  const endpoint = "POST /v2.0/customer/new";
  const top = decodeEnvelope("v2", status, body, endpoint, retryAfter);
  const message = str(top.message) ?? str(top.mensagem);
  if (bool(top.success) !== true && bool(top.error) !== false) {
    throw new TomTicketError("decode", "the response did not confirm that the customer was created (neither `success: true` nor `error: false`)", {
      status,
      serverMessage: message ?? undefined,
      endpoint,
    });
  }
  return { message };
}

// ---- GET customer/details ----
export const CustomerLookupSchema = z
  .strictObject({ customerId: blankAsAbsent(text(250)), email: blankAsAbsent(email(250)) })
  .superRefine((l, ctx) => {
    if (l.customerId !== undefined && l.email !== undefined) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "give either customerId or email, not both (a customer is looked up by one of them)", params: { code: "notAllowed" } });
    } else if (l.customerId === undefined && l.email === undefined) {
      ctx.addIssue({ code: "custom", path: ["customerId"], message: "customerId or email is required", params: { code: "required" } });
    }
  });
export type CustomerLookup = { customerId: string; email?: never } | { email: string; customerId?: never };

export function parseCustomerLookup(input: unknown): Prepared {
  const r = CustomerLookupSchema.safeParse(input);
  if (!r.success) throw TomTicketError.validation(toIssues(r.error, input, "CustomerLookup"));
  const { customerId, email } = r.data;
  const query: [string, string][] = email !== undefined ? [["customer_id", email], ["customer_type_id", "E"]] : [["customer_id", customerId!], ["customer_type_id", "I"]];
  return { method: "GET", segments: ["v2.0", "customer", "details"], query, form: null, auth: "bearerHeader", family: "v2" };
}

/** A quota: a number; null (the documented "no limit") → "unlimited"; absent → null. */
const zQuota = z.unknown().optional().transform((v): number | "unlimited" | null => {
  if (v === undefined) return null;
  if (v === null || v === false) return "unlimited";
  if (typeof v === "string" && ["", "unlimited", "ilimitado", "null"].includes(v.trim().toLowerCase())) return "unlimited";
  if (typeof v !== "number" && typeof v !== "string") return null;
  const n = int(v);
  return n !== null && n >= 0 && n <= 0xffff_ffff ? n : null;
});
const zS = z.unknown().optional().transform(str);
const zB = z.unknown().optional().transform(bool);

const Organization = z
  .unknown()
  .optional()
  .transform((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v))
  .pipe(
    z.union([
      z
        .looseObject({ id: zS, name: zS, active: zB, monthly_ticket_quota: zQuota })
        .transform((o) => (o.id === null && o.name === null ? null : { id: o.id, name: o.name, active: o.active, monthlyTicketQuota: o.monthly_ticket_quota })),
      z.unknown().transform(() => null),
    ]),
  );

const Permissions = z
  .unknown()
  .optional()
  .transform((v) => (isObject(v) && Object.keys(v).length ? v : {}))
  .pipe(
    z
      .looseObject({ active: zB, email_validated: zB, allowed_create_tickets: zB, monthly_ticket_quota: zQuota })
      .transform((p) => ({ active: p.active, emailValidated: p.email_validated, canCreateTickets: p.allowed_create_tickets, monthlyTicketQuota: p.monthly_ticket_quota })),
  );

const CustomField = (key: string | null) =>
  z.looseObject({ id: zS, name: zS, label: zS, value: z.unknown().optional() }).transform((f) => ({ id: f.id ?? key, name: f.name ?? f.label, value: f.value === undefined ? null : f.value }));

const CustomFields = z.unknown().optional().transform((v) => {
  if (Array.isArray(v)) return v.filter(isObject).map((f) => CustomField(null).parse(f));
  if (isObject(v)) return Object.entries(v).flatMap(([k, f]) => (isObject(f) ? [CustomField(k).parse(f)] : []));
  return [];
});

const WireCustomer = z
  .looseObject({
    name: zS,
    email: zS,
    phone: zS,
    internal_id: zS,
    monthly_ticket_quota: zQuota,
    active: zB,
    organization: Organization,
    organization_mother: Organization,
    permissions: Permissions,
    custom_fields: CustomFields,
  })
  .transform((c) => ({
    name: c.name,
    email: c.email,
    phone: c.phone,
    internalId: c.internal_id,
    monthlyTicketQuota: c.monthly_ticket_quota,
    active: c.active,
    organization: c.organization,
    motherOrganization: c.organization_mother,
    permissions: c.permissions,
    customFields: c.custom_fields,
  }));
export type Customer = z.output<typeof WireCustomer>;

export function decodeCustomerDetails(status: number, body: string, retryAfter?: string | null): Customer {
  const endpoint = "GET /v2.0/customer/details";
  const top = decodeEnvelope("v2", status, body, endpoint, retryAfter);
  const serverMessage = str(top.message) ?? str(top.mensagem) ?? undefined;
  let data: Json;
  try {
    data = v2Data(top, endpoint);
  } catch (e) {
    if (e instanceof TomTicketError) Object.assign(e, { status, serverMessage });
    throw e;
  }
  if (Object.keys(data).length === 0) {
    throw new TomTicketError("decode", "expected a customer in `data`, got an empty object", { status, serverMessage, endpoint });
  }
  return WireCustomer.parse(data);
}
