// Legacy `POST /update_cliente/{token}/{identifier}/{I|E}`: a partial update that sends only the
// fields given. `phone`/`organizationId`/`email` given as "" are sent empty (they clear the
// value); `portfolioId: ""` or `null` is sent empty (it removes the customer from its portfolio).
import * as z from "zod";
import { TomTicketError, type Issue } from "./errors.js";
import { decodeEnvelope } from "./envelope.js";
import { preview, type EncodedRequest, type Prepared } from "./http.js";
import { toIssues } from "./issues.js";
import { bool, str } from "./lenient.js";
import { canonicalLanguage, CONTROL, customFieldPairs, customFields, email, isEmail, language, text } from "./rules.js";

const UPDATABLE = ["name", "email", "canCreateTickets", "phone", "organizationId", "internalId", "customFields", "language", "portfolioId"] as const;

/** Given, it must not be blank: an update cannot empty it. */
const notEmptied = (max: number) =>
  z.string().superRefine((v, ctx) => {
    if (v.trim() === "") ctx.addIssue({ code: "custom", message: "{field} cannot be emptied (leave it out to keep the current value)", params: { code: "required" } });
  }).pipe(text(max));

/** Given as blank, it is sent as "" (clears the value). */
const clearable = (schema: z.ZodType<string, string>) => z.string().transform((v) => (v.trim() === "" ? "" : v)).pipe(z.union([z.literal(""), schema]));

export const CustomerUpdateSchema = z
  .strictObject({
    identifier: z.string(),
    identifierType: z.enum(["email", "internalId"]),
    name: notEmptied(250).optional(),
    email: clearable(email(250)).optional(),
    canCreateTickets: z.boolean().optional(),
    phone: clearable(text(20)).optional(),
    organizationId: clearable(text(250)).optional(),
    internalId: notEmptied(250).optional(),
    customFields: customFields.optional(),
    language: language.optional(),
    portfolioId: z
      .union([z.string(), z.null()])
      .transform((v) => (v === null || v.trim() === "" ? "" : v))
      .pipe(z.string().refine((v) => !CONTROL.test(v), { message: "{field} must not contain line breaks or control characters", params: { code: "invalidCharacters" } }))
      .optional(),
  })
  .superRefine((u, ctx) => {
    const id = u.identifier;
    if (id.trim() === "") ctx.addIssue({ code: "custom", path: ["identifier"], message: "{field} is required", params: { code: "required" } });
    else {
      const n = [...id].length;
      if (n > 250) ctx.addIssue({ code: "custom", path: ["identifier"], message: `{field} must be at most 250 characters (got ${n})`, params: { code: "tooLong", limit: 250, actual: n } });
      if (CONTROL.test(id)) ctx.addIssue({ code: "custom", path: ["identifier"], message: "{field} must not contain line breaks or control characters", params: { code: "invalidCharacters" } });
      else if (u.identifierType === "email" && !isEmail(id)) ctx.addIssue({ code: "custom", path: ["identifier"], message: "{field} must be a valid e-mail address", params: { code: "invalidEmail" } });
      else if (id === "." || id === "..") ctx.addIssue({ code: "custom", path: ["identifier"], message: '{field} must not be "." or ".."', params: { code: "invalidValue" } });
    }
    if (u.internalId !== undefined && u.identifierType === "internalId") {
      ctx.addIssue({ code: "custom", path: ["internalId"], message: 'internalId can only be changed when the customer is identified by e-mail (identifierType "email")', params: { code: "notAllowed" } });
    }
    const changes = UPDATABLE.some((k) => (k === "customFields" ? Object.keys(u.customFields ?? {}).length > 0 : u[k] !== undefined));
    if (!changes) ctx.addIssue({ code: "custom", path: [], message: `nothing to update: give at least one of ${UPDATABLE.join(", ")}`, params: { code: "required" } });
  });
export type CustomerUpdate = z.input<typeof CustomerUpdateSchema>;

/** Legacy's documented spellings. */
const LEGACY_LANGUAGE = { pt: "pt_BR", en: "en_US", es: "es_ES" } as const;

export function validateCustomerUpdate(input: unknown): Issue[] {
  const r = CustomerUpdateSchema.safeParse(input);
  return r.success ? [] : toIssues(r.error, input, "LegacyCustomerUpdate");
}

export function parseCustomerUpdate(input: unknown): Prepared {
  const r = CustomerUpdateSchema.safeParse(input);
  if (!r.success) throw TomTicketError.validation(toIssues(r.error, input, "LegacyCustomerUpdate"));
  const u = r.data;
  const form: [string, string][] = [];
  if (u.name !== undefined) form.push(["nome", u.name]);
  if (u.email !== undefined) form.push(["email", u.email]);
  if (u.canCreateTickets !== undefined) form.push(["criarchamados", u.canCreateTickets ? "true" : "false"]);
  if (u.phone !== undefined) form.push(["telefone", u.phone]);
  if (u.organizationId !== undefined) form.push(["id_organizacao", u.organizationId]);
  if (u.internalId !== undefined) form.push(["id_interno", u.internalId]);
  form.push(...customFieldPairs(u.customFields, (id) => `campos[${id}]`));
  if (u.language !== undefined) form.push(["idioma", LEGACY_LANGUAGE[canonicalLanguage(u.language)]]);
  if (u.portfolioId !== undefined) form.push(["portfolio_id", u.portfolioId]);
  return {
    method: "POST",
    segments: ["update_cliente", null, u.identifier, u.identifierType === "email" ? "E" : "I"],
    query: [],
    form,
    auth: "path",
    family: "legacy",
  };
}

export const encodeCustomerUpdate = (input: unknown): EncodedRequest => preview(parseCustomerUpdate(input));

export interface UpdateCustomerResult {
  message: string | null;
}

export function decodeUpdateCustomer(status: number, body: string, retryAfter?: string | null): UpdateCustomerResult {
  const endpoint = "POST /update_cliente/***/{identifier}/{identifierType}";
  const top = decodeEnvelope("legacy", status, body, endpoint, retryAfter);
  const message = str(top.mensagem) ?? str(top.message);
  if (bool(top.erro) !== false && bool(top.error) !== false && bool(top.success) !== true) {
    throw new TomTicketError("decode", "the response did not confirm that the customer was updated (no `erro: false`)", {
      status,
      serverMessage: message ?? undefined,
      endpoint,
    });
  }
  return { message };
}
