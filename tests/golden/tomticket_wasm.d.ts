/* tslint:disable */
/* eslint-disable */

/** Any JSON value (custom field values keep the type the server sent). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A fetch function, or an object with a `fetch` method such as a Cloudflare service binding. */
export type FetchLike =
| ((input: Request) => Promise<Response>)
| { fetch(input: Request): Promise<Response> };

/** Per-call options of every client method. */
export interface CallOptions {
    /** Aborts the call (and any retry wait) when it fires: the promise rejects with kind "aborted". */
    signal?: AbortSignal;
}

/** Every error this package throws or rejects with. Check with `isTomTicketError(e)`. */
export interface TomTicketError extends Error {
    name: "TomTicketError";
    kind: ErrorKind;
    /** HTTP status, when a response arrived. */
    status?: number;
    /** TomTicket's own message (`message`/`mensagem`), kept apart from ours. */
    serverMessage?: string;
    /** Field problems (kind "validation" and "config"); empty otherwise. */
    issues: Issue[];
    /** How long to wait before retrying, when the server said (429 with Retry-After). */
    retryAfterMs?: number;
    /** `METHOD /path?query` of the call, token redacted as `***`. */
    endpoint?: string;
    /** What the runtime reported underneath (a fetch's own error), as a copy with the token redacted. */
    cause?: Error;
}


/**
 * A PipeRun Atendimentos customer (`talk.customer` of a webhook). See the module notes.
 */
export interface PipeRunCustomer {
    /**
     * PipeRun's internal id. Always present.
     */
    id: number;
    name: string | null;
    /**
     * The customer's id in an external system (ERP, CRM), when set.
     */
    externalId: string | null;
    /**
     * The customer's document (CPF/CNPJ, ...), as sent.
     */
    documentNumber: string | null;
    /**
     * When the customer was created (ISO 8601).
     */
    createdAt: string | null;
    /**
     * Id of the preferred telephone for SMS (a `telephones[].id`).
     */
    mainSmsId: string | null;
    /**
     * Id of the preferred telephone for WhatsApp (a `telephones[].id`).
     */
    mainWhatsappId: string | null;
    /**
     * Id of the preferred e-mail address (an `emails[].id`).
     */
    mainEmailId: string | null;
    /**
     * The agent the customer is bound to.
     */
    agentId: number | null;
    /**
     * The service queue the customer is bound to.
     */
    queueId: number | null;
    customerGroupId: number | null;
    /**
     * The PipeRun organization (not a TomTicket organization id).
     */
    organizationId: number | null;
    isPriority: boolean | null;
    /**
     * The ERP base of the last conversation (multi-base ERP integrations only).
     */
    lastBaseApi: string | null;
    /**
     * Social network profile (`profile_info`).
     */
    profile: PipeRunProfile | null;
    customFields: PipeRunCustomField[];
    telephones: PipeRunTelephone[];
    emails: PipeRunEmail[];
    /**
     * Fields PipeRun marks as deprecated.
     */
    deprecated: PipeRunDeprecated;
}

/**
 * A PipeRun customer as TomTicket inputs: create it, or update it when it exists.
 */
export interface Mapping {
    /**
     * For `createCustomer`.
     */
    newCustomer: NewCustomer;
    /**
     * For `updateCustomer` (only values it has: it never clears TomTicket data).
     */
    update: LegacyCustomerUpdate;
    notes: MappingNote[];
}

/**
 * A change to one customer (`updateCustomer`). Only the fields given are sent.
 */
export interface LegacyCustomerUpdate {
    /**
     * The customer's e-mail or internal id (see `identifierType`). ≤ 250 characters.
     */
    identifier: string;
    identifierType: CustomerIdentifierType;
    /**
     * New name, ≤ 250 characters. Cannot be emptied.
     */
    name?: string;
    /**
     * New e-mail, ≤ 250 characters; `""` clears it.
     */
    email?: string;
    canCreateTickets?: boolean;
    /**
     * ≤ 20 characters; `""` clears it.
     */
    phone?: string;
    /**
     * ≤ 250 characters; `""` unlinks the customer from its organization.
     */
    organizationId?: string;
    /**
     * New internal id, ≤ 250 characters. Only with `identifierType: "email"`. Cannot be emptied.
     */
    internalId?: string;
    /**
     * Custom fields by field id; `""`/`null` clears one.
     */
    customFields?: { [fieldId: string]: string | number | boolean | null };
    language?: Language | "pt_BR" | "en_US" | "es_ES";
    /**
     * Customer portfolio (Enterprise). `null` or `""` removes the customer from its portfolio.
     */
    portfolioId?: string | null;
}

/**
 * A customer as read by `getCustomer`.
 */
export interface Customer {
    name: string | null;
    email: string | null;
    phone: string | null;
    /**
     * The customer's internal id (`customerId` of a lookup).
     */
    internalId: string | null;
    /**
     * The customer's own quota. `null`: not sent or unreadable (never "unlimited").
     */
    monthlyTicketQuota: Quota | null;
    /**
     * The customer's own flag (see `permissions.active` for the effective one).
     */
    active: boolean | null;
    organization: Organization | null;
    /**
     * The organization's mother organization.
     */
    motherOrganization: Organization | null;
    /**
     * What the customer may do, combining the customer and both organizations.
     */
    permissions: CustomerPermissions;
    customFields: CustomerCustomField[];
}

/**
 * A customer to create (`createCustomer`).
 */
export interface NewCustomer {
    /**
     * Your id for the customer (e.g. a primary key, CPF or CNPJ). ≤ 250 characters.
     */
    customerId: string;
    /**
     * ≤ 250 characters.
     */
    name: string;
    /**
     * ≤ 250 characters; lets the customer sign in to the customer panel.
     */
    email?: string;
    /**
     * ≤ 20 characters.
     */
    phone?: string;
    /**
     * Whether the customer may create tickets (server default: true).
     */
    canCreateTickets?: boolean;
    /**
     * ≤ 512 characters.
     */
    organizationId?: string;
    /**
     * Language of the customer panel (server default: pt-BR).
     */
    language?: Language | "pt_BR" | "en_US" | "es_ES";
    /**
     * Customer portfolio (Enterprise accounts). ≤ 512 characters.
     */
    portfolioId?: string;
    /**
     * Custom fields by field id.
     */
    customFields?: { [fieldId: string]: string | number | boolean };
}

/**
 * A monthly ticket quota: a number of tickets, or `"unlimited"` (the API's `null`). Never `0`
 * for "unlimited": `0` is a real quota of zero tickets.
 */
export type Quota = number | "unlimited";

/**
 * Deprecated fields, kept for migrations.
 */
export interface PipeRunDeprecated {
    /**
     * The non-empty `wildcard_01` … `wildcard_10`.
     */
    wildcards: PipeRunWildcard[];
    profilePictureUrl: string | null;
    crmvUserId: number | null;
    crmvPersonId: number | null;
    cxmUserId: number | null;
    isActive: boolean | null;
}

/**
 * Effective permissions (customer + organization + mother organization).
 */
export interface CustomerPermissions {
    /**
     * False when the customer or either organization is inactive.
     */
    active: boolean | null;
    emailValidated: boolean | null;
    canCreateTickets: boolean | null;
    /**
     * The effective quota. `null`: not sent, unreadable, or sent as `true` (see module notes).
     */
    monthlyTicketQuota: Quota | null;
}

/**
 * How a telephone or e-mail got into PipeRun.
 */
export type PipeRunInsertOrigin = "auto" | "hubstore" | "mailing" | "manual" | { unknown: string };

/**
 * How to map a PipeRun customer to TomTicket. Every member is optional.
 */
export interface MappingOptions {
    /**
     * Prefix of `customerId` when it is built from the PipeRun id. Default `"piperun:"`.
     */
    customerIdPrefix?: string;
    /**
     * Use the PipeRun `externalId` as `customerId` when it has one. Default true.
     */
    preferExternalId?: boolean;
    /**
     * TomTicket custom field id for each PipeRun custom field label (or PipeRun field id).
     */
    customFieldIds?: { [label: string]: string };
    /**
     * Language of the customer panel, set on both inputs. Normalized to `pt-BR`/`en-US`/`es-ES`.
     */
    language?: Language | "pt_BR" | "en_US" | "es_ES";
}

/**
 * Money of the ticket, as numbers in the account's currency.
 */
export interface TicketPricing {
    hourlyRate: number | null;
    overtimeHourlyRate: number | null;
    /**
     * Final value of the regular hours.
     */
    total: number | null;
    /**
     * Final value of the overtime hours.
     */
    overtimeTotal: number | null;
    /**
     * `total + overtimeTotal`, as computed by TomTicket.
     */
    grossTotal: number | null;
}

/**
 * One custom field. From the map shape `{ "Empresa": "Piperun" }`: `{ id: null, label:
 * "Empresa", value: "Piperun" }`. From the list shape: `label` is read from `label`, `name`,
 * `title`, `key` or `field`; `id` from `id`, `custom_field_id` or `field_id`.
 */
export interface PipeRunCustomField {
    id: string | null;
    label: string | null;
    /**
     * The value with the JSON type PipeRun sent (`null` when absent).
     */
    value: JsonValue;
}

/**
 * One problem with one field. `field` is the JS property path the caller used
 * (e.g. `"name"`, `"customFields.abc"`).
 */
export interface Issue {
    field: string;
    code: IssueCode;
    message: string;
    /**
     * The limit that was broken (max characters), when the rule has one.
     */
    limit?: number;
    /**
     * The measured value (characters counted), when the rule has a limit.
     */
    actual?: number;
}

/**
 * One ticket, as read by `getTicket`. See the module notes for null/empty rules.
 */
export interface Ticket {
    /**
     * The ticket's id (32-char hex). Always present.
     */
    id: string;
    /**
     * The protocol number shown to people, as text (the live API sends a number).
     */
    protocol: string | null;
    subject: string | null;
    /**
     * The customer's opening message (HTML as sent).
     */
    message: string | null;
    customer: TicketCustomer;
    organizationName: string | null;
    priority: TicketPriority | null;
    type: TicketType | null;
    /**
     * Seconds worked on the ticket.
     */
    workedSeconds: number | null;
    /**
     * Seconds since the ticket was opened.
     */
    openSeconds: number | null;
    createdAt: string | null;
    /**
     * When the ticket must be closed.
     */
    deadline: string | null;
    firstResponseAt: string | null;
    closedAt: string | null;
    lastSituationAt: string | null;
    lastStatusAt: string | null;
    pricing: TicketPricing;
    evaluation: TicketEvaluation;
    lastSituation: TicketSituation | null;
    /**
     * The server's text for the last situation (e.g. "Finalizada").
     */
    lastSituationDescription: string | null;
    sla: TicketSla;
    category: string | null;
    department: string | null;
    /**
     * Name of the agent responsible for the ticket.
     */
    agent: string | null;
    /**
     * Name of the ticket's current status.
     */
    status: string | null;
    /**
     * The parent's id when this ticket was escalated from another one; else null.
     */
    parentTicketId: string | null;
    /**
     * Files attached when the ticket was opened.
     */
    attachments: TicketAttachment[];
    /**
     * Every reply by the customer and the agents, in the server's order.
     */
    history: TicketHistoryEntry[];
    /**
     * Custom fields filled when the ticket was opened.
     */
    customFields: TicketCustomField[];
    /**
     * Custom fields filled when the ticket was closed.
     */
    closingCustomFields: TicketClosingField[];
    statusHistory: TicketStatusChange[];
    /**
     * Timed intervals; null unless requested with `includeStopwatch` (and sent).
     */
    stopwatch: StopwatchEntry[] | null;
    /**
     * Tickets escalated from this one; null unless requested with `includeEscalatedTickets`.
     */
    escalatedTickets: EscalatedTicket[] | null;
}

/**
 * Options of `new TomTicketClient(options)` (declaration only; `fetch` is read by the binding).
 */
export interface ClientOptions {
    /**
     * The API token. Omit it when `baseUrl` is your own proxy that adds the token server-side.
     */
    token?: string;
    /**
     * Default `https://api.tomticket.com`. `http://` is refused except for loopback hosts.
     */
    baseUrl?: string;
    /**
     * The fetch to use instead of the global one: a function, or an object with a `.fetch`
     * method (e.g. a Cloudflare service binding).
     */
    fetch?: FetchLike;
    /**
     * Deadline for a whole call, retries and waits included. Default 30000.
     */
    timeoutMs?: number;
    /**
     * Retry settings, or `false` to never retry.
     */
    retry?: RetryOptions | false;
    /**
     * Requests per second shared by all calls of this client. Default 3 (TomTicket's limit);
     * 0 disables the limiter.
     */
    requestsPerSecond?: number;
    /**
     * Allow a raw token in a browser page. Anyone who opens the page can read it: put the token
     * in a server or Worker proxy instead (see README "Browser").
     */
    dangerouslyAllowTokenInBrowser?: boolean;
}

/**
 * Outcome of one SLA. `"noSla"`: the ticket has no such SLA defined.
 */
export type SlaStatus = "met" | "missed" | "noSla" | { unknown: string };

/**
 * Something the user should know about a mapping.
 */
export interface MappingNote {
    code: MappingNoteCode;
    /**
     * The TomTicket input field concerned (`customerId`, `name`, `email`, `phone`,
     * `customFields`, `organizationId`).
     */
    field: string;
    /**
     * Where the value came from, as a path in `PipeRunCustomer` (`emails[1]`, `externalId`).
     */
    source: string | null;
    message: string;
}

/**
 * The answer to `createCustomer`.
 */
export interface CreateCustomerResult {
    /**
     * The server's message (e.g. "Cliente criado com sucesso").
     */
    message: string | null;
}

/**
 * The answer to `customerExists`.
 */
export interface CustomerExistsResult {
    exists: boolean;
    /**
     * The server's message.
     */
    message: string | null;
}

/**
 * The answer to `updateCustomer`.
 */
export interface UpdateCustomerResult {
    /**
     * The server's message (e.g. "Cliente atualizado com sucesso").
     */
    message: string | null;
}

/**
 * The customer's evaluation; every member is null when the ticket was not evaluated.
 */
export interface TicketEvaluation {
    /**
     * Whether the customer said the problem was solved.
     */
    problemSolved: boolean | null;
    rating: EvaluationRating | null;
    comment: string | null;
}

/**
 * The customer's language in the customer panel. JS output spelling `"pt-BR" | "en-US" |
 * "es-ES"`; input also accepts `pt_BR`, `en_US`, `es_ES`; each call picks its wire spelling.
 */
export type Language = "pt-BR" | "en-US" | "es-ES";

/**
 * The customer's social network profile.
 */
export interface PipeRunProfile {
    /**
     * The id on the social network.
     */
    id: string | null;
    name: string | null;
    username: string | null;
    pictureUrl: string | null;
    isVerified: boolean | null;
    followerCount: number | null;
    /**
     * Whether the customer follows the business's account.
     */
    followsBusiness: boolean | null;
    /**
     * Whether the business's account follows the customer.
     */
    followedByBusiness: boolean | null;
}

/**
 * The last thing that happened to the ticket.
 */
export type TicketSituation = "acceptedByAgent" | "answeredByAgent" | "answeredByCustomer" | "cancelled" | "finished" | "agentChanged" | "sentToSupportTeam" | { unknown: string };

/**
 * What a [`MappingNote`] is about.
 */
export type MappingNoteCode = "externalIdUnusable" | "nameMissing" | "nameCleaned" | "nameTruncated" | "noEmail" | "emailUnsubscribed" | "emailInvalid" | "phoneCountryCodeDropped" | "phoneUnusable" | "customFieldUnmapped" | "customFieldDuplicate" | "organizationNotMapped";

/**
 * What a call would send, without the token: `path` shows it as `***`.
 */
export interface EncodedRequest {
    method: Method;
    /**
     * Path and query string, percent-encoded, relative to the base URL; token redacted.
     */
    path: string;
    auth: AuthPlacement;
    /**
     * Form fields in wire names and order, or null for a GET.
     */
    form: FormField[] | null;
    /**
     * The same form as `application/x-www-form-urlencoded` text, or null for a GET.
     */
    body: string | null;
}

/**
 * What a customer identifier is.
 */
export type CustomerIdentifierType = "email" | "internalId";

/**
 * What rule a field broke.
 */
export type IssueCode = "required" | "tooLong" | "invalidType" | "invalidValue" | "invalidEmail" | "invalidCharacters" | "notAllowed" | "unknownField";

/**
 * What went wrong, as a stable string a program can switch on.
 */
export type ErrorKind = "validation" | "config" | "unauthorized" | "forbidden" | "notFound" | "rateLimited" | "server" | "api" | "network" | "timeout" | "aborted" | "decode";

/**
 * Where the token goes.
 */
export type AuthPlacement = "bearerHeader" | "path";

/**
 * Which customer to read: by internal id or by e-mail (exactly one).
 */
export type CustomerLookup = { customerId: string; email?: never } | { email: string; customerId?: never };

/**
 * Which ticket to read, and what to include.
 */
export interface TicketQuery {
    /**
     * The ticket's id (32-char hex in TomTicket). Not the protocol number.
     */
    ticketId: string;
    /**
     * Include the timed intervals (`stopwatch`). Default false.
     */
    includeStopwatch?: boolean;
    /**
     * Include the tickets escalated from this one (`escalatedTickets`). Default false.
     */
    includeEscalatedTickets?: boolean;
}

/**
 * Who wrote a history entry.
 */
export type MessageOrigin = "customer" | "agent" | { unknown: string };

/**
 * `internal`: created between agents; `external`: opened by a customer.
 */
export type TicketType = "internal" | "external" | { unknown: string };

/**
 * `retry` option.
 */
export interface RetryOptions {
    /**
     * Retries after the first attempt. Default 2.
     */
    maxRetries?: number;
    /**
     * First backoff step in ms (doubles each retry, 50–100 % jitter). Default 300.
     */
    baseDelayMs?: number;
    /**
     * Cap of one backoff wait in ms. Default 10000.
     */
    maxDelayMs?: number;
}

export interface CustomerCustomField {
    id: string | null;
    /**
     * The field's label.
     */
    name: string | null;
    /**
     * The value with the JSON type the server sent (null when absent).
     */
    value: JsonValue;
}

export interface EscalatedTicket {
    protocol: string | null;
    id: string | null;
    subject: string | null;
}

export interface FormField {
    name: string;
    value: string;
}

export interface Organization {
    id: string | null;
    name: string | null;
    active: boolean | null;
    /**
     * `null`: not sent or unreadable (never "unlimited").
     */
    monthlyTicketQuota: Quota | null;
}

export interface PipeRunEmail {
    id: string | null;
    customerId: number | null;
    email: string | null;
    levelId: string | null;
    insertOrigin: PipeRunInsertOrigin | null;
    insertedBy: number | null;
    /**
     * When the customer unsubscribed this address (ISO 8601); `null` while subscribed.
     */
    unsubscribedAt: string | null;
}

export interface PipeRunTelephone {
    id: string | null;
    customerId: number | null;
    /**
     * E.g. `"55"`.
     */
    countryCode: string | null;
    /**
     * E.g. `"br"`.
     */
    countryIso2: string | null;
    areaCode: string | null;
    number: string | null;
    /**
     * Area code + number, e.g. `"51999887766"`.
     */
    fullNumber: string | null;
    /**
     * With the country code, e.g. `"+55 51999887766"`.
     */
    fullNumberCc: string | null;
    type: PipeRunTelephoneType | null;
    levelId: string | null;
    hasSms: boolean | null;
    hasWhatsapp: boolean | null;
    insertOrigin: PipeRunInsertOrigin | null;
    /**
     * Who added it (a PipeRun user id).
     */
    insertedBy: number | null;
}

export interface PipeRunWildcard {
    /**
     * 1 to 10 (`wildcard_01` is slot 1).
     */
    slot: number;
    value: string;
}

export interface StopwatchEntry {
    id: string | null;
    start: string | null;
    /**
     * Null while the stopwatch is running.
     */
    end: string | null;
    /**
     * true: added by hand; false: recorded by the stopwatch.
     */
    createdManually: boolean | null;
    /**
     * The agent who created the interval.
     */
    operator: string | null;
}

export interface TicketAttachment {
    name: string | null;
    /**
     * Download URL.
     */
    url: string | null;
    sizeBytes: number | null;
    /**
     * Only the live API sends it (undocumented); null otherwise.
     */
    mimeType: string | null;
}

export interface TicketClosingField {
    label: string | null;
    /**
     * The value with the JSON type the server sent (null when absent).
     */
    value: JsonValue;
}

export interface TicketCustomField {
    id: string | null;
    label: string | null;
    /**
     * The value with the JSON type the server sent (null when absent).
     */
    value: JsonValue;
}

export interface TicketCustomer {
    name: string | null;
    email: string | null;
    /**
     * The customer's internal id.
     */
    id: string | null;
}

export interface TicketHistoryEntry {
    id: string | null;
    from: MessageOrigin | null;
    message: string | null;
    /**
     * The agent's name when an agent wrote it.
     */
    agent: string | null;
    /**
     * When the reply was sent.
     */
    at: string | null;
    /**
     * Start of the work the agent logged for this reply (date, or a time of day `HH:MM:SS`).
     */
    startedAt: string | null;
    /**
     * End of the logged work (date, or a time of day `HH:MM:SS`).
     */
    endedAt: string | null;
    attachments: TicketAttachment[];
}

export interface TicketSla {
    /**
     * The first-response ("inicialização") SLA.
     */
    firstResponse: SlaStatus;
    /**
     * The deadline SLA.
     */
    deadline: SlaStatus;
}

export interface TicketStatusChange {
    id: string | null;
    /**
     * The status name.
     */
    status: string | null;
    comment: string | null;
    /**
     * Agent who set the status.
     */
    startedBy: string | null;
    /**
     * Agent who ended it (null while it is the current status).
     */
    endedBy: string | null;
    startedAt: string | null;
    endedAt: string | null;
}

export interface TomTicketClient {
    /** Looks a customer up by internal id or e-mail (v2.0). */
    getCustomer(input: CustomerLookup, options?: CallOptions): Promise<Customer>;
    /** Says whether a customer exists, by internal id or e-mail (v2.0). */
    customerExists(input: CustomerLookup, options?: CallOptions): Promise<CustomerExistsResult>;
    /** Creates a customer (v2.0). Retried only after a 429. */
    createCustomer(input: NewCustomer, options?: CallOptions): Promise<CreateCustomerResult>;
    /** Updates a customer through the legacy API (token in the path), sending only the fields given. */
    updateCustomer(input: LegacyCustomerUpdate, options?: CallOptions): Promise<UpdateCustomerResult>;
    /** Reads one ticket through the legacy API, optionally with stopwatch and escalated tickets. */
    getTicket(input: TicketQuery, options?: CallOptions): Promise<Ticket>;
}


export type EvaluationRating = "excellent" | "good" | "average" | "poor" | "terrible" | { unknown: string };

export type Method = "GET" | "POST";

export type PipeRunTelephoneType = "mobile" | "landline" | { unknown: string };

export type TicketPriority = "low" | "normal" | "high" | "urgent" | { unknown: string };


/**
 * A TomTicket API client. Safe to share: every method takes `&self`, so `Promise.all` over
 * many calls on one client works, and all of them share one rate limiter.
 */
export class TomTicketClient {
    free(): void;
    /**
     * Creates a client. Throws a `TomTicketError` (kind `config`) listing every bad option.
     */
    constructor(options: ClientOptions);
    /**
     * `TomTicketClient(https://api.tomticket.com)` — never the token.
     */
    toString(): string;
}

export function decodeCreateCustomer(status: number, body: string, retryAfter?: string | null): CreateCustomerResult;

export function decodeCustomerDetails(status: number, body: string, retryAfter?: string | null): Customer;

export function decodeCustomerExists(status: number, body: string, retryAfter?: string | null): CustomerExistsResult;

export function decodeCustomerUpdate(status: number, body: string, retryAfter?: string | null): UpdateCustomerResult;

export function decodeTicket(status: number, body: string, retryAfter?: string | null): Ticket;

export function encodeCustomerExistsQuery(input: CustomerLookup): EncodedRequest;

export function encodeCustomerLookup(input: CustomerLookup): EncodedRequest;

export function encodeCustomerUpdate(input: LegacyCustomerUpdate): EncodedRequest;

export function encodeNewCustomer(input: NewCustomer): EncodedRequest;

export function encodeTicketQuery(input: TicketQuery): EncodedRequest;

/**
 * Whether `value` is an error thrown by this package — works across realms (iframes, Workers)
 * and duplicate copies of the package, where `instanceof` fails.
 */
export function isTomTicketError(value: unknown): value is TomTicketError;

/**
 * Parses a PipeRun payload and maps it to TomTicket inputs: `newCustomer` (for
 * `createCustomer`), `update` (for `updateCustomer`) and `notes` on what could not be carried.
 * Throws a validation TomTicketError listing every problem of the payload and the options.
 */
export function mapPipeRunCustomer(payload: string | object, options?: MappingOptions | null): Mapping;

/**
 * Parses a PipeRun Atendimentos webhook body (JSON text or object: the `customer` itself,
 * `{ customer }`, a talk, or `{ talk: { customer } }`). Throws a validation TomTicketError
 * listing every problem, named by its path in the payload (`talk.customer.id`).
 */
export function parsePipeRunCustomer(payload: string | object): PipeRunCustomer;

export function validateCustomerExistsQuery(input: CustomerLookup): Issue[];

export function validateCustomerLookup(input: CustomerLookup): Issue[];

export function validateCustomerUpdate(input: LegacyCustomerUpdate): Issue[];

export function validateNewCustomer(input: NewCustomer): Issue[];

export function validateTicketQuery(input: TicketQuery): Issue[];
