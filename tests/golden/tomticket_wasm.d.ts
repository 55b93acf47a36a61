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

/** Options of a paged call (`listTickets`, `listCustomers`, `listOrganizations`, `listChats`). */
export interface ListOptions extends CallOptions {
    /** The first page to fetch (1-based). Default 1. */
    startPage?: number;
    /** Stop after this many pages. Default: all. */
    maxPages?: number;
}

/**
 * The pages of a paged call. `for await (const item of it)` walks every item of every page,
 * one request per page through the client's rate limiter; `pages()` walks page by page;
 * `page(n)` fetches one page. Iteration stops at the last page (`nextPage: null`, an empty
 * page, or a 404 past the end). The options' `signal` stops it between pages and during one.
 */
export interface PageIterator<T> extends AsyncIterable<T> {
    pages(): AsyncGenerator<Page<T>, void, undefined>;
    page(n: number): Promise<Page<T>>;
    /** Every item of every page (mind the size: 50 items a request). */
    toArray(): Promise<T[]>;
}

/**
 * A rate limiter shared beyond one client (option `limiter`): the client awaits `acquire`
 * before every HTTP request (each retry and each page too) and calls `release` when the
 * response arrived (`status`) or the request failed (`status: null`).
 */
export interface RateLimiterLike {
    acquire(options: { signal: AbortSignal }): Promise<unknown> | unknown;
    release(slot: unknown, outcome: { status: number | null }): void | Promise<void>;
}

/** A file to attach: a `File`, a `Blob` with a name, or bytes with a name. */
export type Attachment =
| Blob
| { data: Blob; name: string; type?: string }
| { data: Uint8Array | ArrayBuffer; name: string; type?: string };

/** A filter date: a `Date`, an ISO 8601 date-time with `Z` or an offset, or `YYYY-MM-DD`. */
export type DateInput = Date | string;

/** v2 ticket situations, as filters take them (wire codes 0–9). */
export type TicketSituationCode =
| "waitingForAgent"
| "notStarted"
| "answeredByAgent"
| "answeredByCustomer"
| "cancelled"
| "finished"
| "agentChanged"
| "sentToSupportTeam"
| "waitingForManagerEvaluation";

export interface TomTicketClient {
    /**
     * Replies as the ticket's operator without the live API's trap (an operator reply on a ticket
     * with no operator linked is stored as the customer's): reads the ticket first (`getTicketV2`);
     * with no operator linked it links `operatorId` when given (`linkOperator`), else it rejects
     * with a validation error on `ticketId` and sends nothing more.
     */
    replyAsOperatorSafely(input: OperatorReply & { operatorId?: string | number }, options?: CallOptions): Promise<WriteResult>;
    /**
     * Fetches what a verified webhook is about: the ticket (`getTicketV2`) or the customer
     * (`getCustomer` with the id TomTicket sent). A deletion resolves without a request.
     */
    getWebhookSubject(event: WebhookEvent, options?: CallOptions): Promise<
    | { type: "ticket"; event: WebhookEvent; ticket: Ticket }
    | { type: "customer"; event: WebhookEvent; customer: Customer }
    | { type: "ticket" | "customer"; event: WebhookEvent; deleted: true }
    >;
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
    /** Kind "webhook" only: why `verifyWebhook` refused the request. */
    reason?: WebhookFailure;
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
 * A chat as `listChats` gives it.
 */
export interface Chat {
    id: string | null;
    protocol: string | null;
    /**
     * The situation's text as the server sent it.
     */
    situation: string | null;
    customer: ChatCustomer | null;
    department: Named | null;
    operator: Named | null;
    createdAt: string | null;
    endedAt: string | null;
}

/**
 * A custom field of tickets: its id and label.
 */
export interface CustomField {
    id: string | null;
    label: string | null;
}

/**
 * A customer as `listCustomers` gives it.
 */
export interface CustomerSummary {
    /**
     * TomTicket's id of the customer.
     */
    id: string | null;
    /**
     * Your id of the customer (`customerId` of the other calls).
     */
    internalId: string | null;
    name: string | null;
    email: string | null;
    phone: string | null;
    /**
     * `null`: not sent or unreadable (never "unlimited").
     */
    monthlyTicketQuota: Quota | null;
    canCreateTickets: boolean | null;
    emailValidated: boolean | null;
    active: boolean | null;
    accountApproved: boolean | null;
    organization: Named | null;
    createdAt: string | null;
    customFields: CustomerCustomField[];
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
 * A department; the lists are empty unless `includeNested` was asked.
 */
export interface Department {
    id: string | null;
    name: string | null;
    categories: Category[];
    /**
     * Custom fields of tickets opened without a category.
     */
    generalCustomFields: CustomField[];
    operators: Named[];
}

/**
 * A monthly ticket quota: a number of tickets, or `"unlimited"` (the API's `null`). Never `0`
 * for "unlimited": `0` is a real quota of zero tickets.
 */
export type Quota = number | "unlimited";

/**
 * A reply written as the ticket's customer.
 */
export type TicketReply = { ticketId: string; message: string; attachments?: Attachment[] };

/**
 * A reply written as the ticket's linked operator. With no operator linked, the live API
 * stores it as the customer's (see `replyAsOperatorSafely`).
 */
export type OperatorReply = { ticketId: string; message: string; attachments?: Attachment[] };

/**
 * A ticket to open (`createTicket`), as a customer. See docs/v2-calls.md.
 */
export type NewTicket = ({ customerId: string; email?: never } | { email: string; customerId?: never }) & { departmentId: string | number; subject: string; message: string; categoryId?: string | number; priority?: Priority; customFields?: { [fieldId: string]: string | number | boolean }; attachments?: Attachment[] };

/**
 * A ticket's priority.
 */
export type Priority = "low" | "normal" | "high" | "urgent";

/**
 * A verified webhook notification. It carries no data: fetch the record by `id`
 * (`getTicket` / the customer calls).
 */
export interface WebhookEvent {
    type: WebhookEventType;
    /**
     * The ticket's or customer's id (32-char hex in TomTicket), as sent.
     */
    id: string;
    action: WebhookAction;
}

/**
 * An `{ id, name }` pair (an organisation, a department, an operator of a ticket or chat).
 */
export interface Named {
    id: string | null;
    name: string | null;
}

/**
 * An e-mail to look up in the blacklist of tickets created by e-mail.
 */
export interface BlacklistQuery {
    email: string;
}

/**
 * An input with no member but paging (`listCustomers`, `listOrganizations`).
 */
export type NoFilter = Record<string, never>;

/**
 * An internal note (not shown to the customer).
 */
export type TicketComment = { ticketId: string; comment: string };

/**
 * Changes a customer through v2 (`customer/update`), sending only the fields given.
 */
export type CustomerUpdateV2 = ({ customerId: string; email?: never } | { email: string; customerId?: never }) & { newInternalId?: string; name?: string; newEmail?: string | null; phone?: string | null; canCreateTickets?: boolean; organizationId?: string | null; language?: Language | "pt_BR" | "en_US" | "es_ES"; portfolioId?: string | null; customFields?: { [fieldId: string]: string | number | boolean | null } };

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
 * Finishes a ticket. `workedMinutes` is sent as `time_work` in minutes (the API stores
 * seconds: the ticket's `workedSeconds` becomes 60 × minutes).
 */
export type FinishTicket = { ticketId: string; message: string; workedMinutes?: number };

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
 * Links an operator to a ticket. The live API refuses when one is already linked.
 */
export type LinkOperator = { ticketId: string; operatorId: string | number };

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
 * Moves a ticket to another department and/or operator (at least one). The live API
 * refuses tickets with no operator linked, and unlinks the operator.
 */
export type TransferTicket = { ticketId: string; departmentId?: string | number; operatorId?: string | number };

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
 * One file part of a multipart request.
 */
export interface FilePart {
    /**
     * The form field: `attachment[0]`, `attachment[1]`, …
     */
    field: string;
    /**
     * Which of the input's attachments (its index in `attachments`).
     */
    index: number;
    fileName: string;
    sizeBytes: number;
    /**
     * The MIME type given with the file, when any.
     */
    mimeType: string | null;
}

/**
 * One page of a paged call.
 */
export interface Page<T> {
    items: T[];
    /**
     * This page's number (1-based), as the server said or as requested.
     */
    page: number | null;
    /**
     * How many pages there are, when the server said.
     */
    pages: number | null;
    /**
     * The next page's number; `null` on the last page.
     */
    nextPage: number | null;
    /**
     * How many items match in all pages, when the server said (`size`).
     */
    total: number | null;
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
    /**
     * v2 only: the department's id (for `transferTicket`, `listDepartmentOperators`).
     */
    departmentId?: string;
    /**
     * v2 only: the category's id.
     */
    categoryId?: string;
    /**
     * v2 only: the linked operator's id; absent (and `agent` null) when no operator is linked —
     * then an operator reply would be stored as the customer's (see `replyAsOperatorSafely`).
     */
    agentId?: string;
    /**
     * v2 only, with `includeTags`: the ticket's tags.
     */
    tags?: string[];
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
     * Deadline of a call from the moment its first request gets a rate-limit slot, retries and
     * their waits included (queueing behind the limiter does not count). Default 30000.
     */
    timeoutMs?: number;
    /**
     * Retry settings, or `false` to never retry.
     */
    retry?: RetryOptions | false;
    /**
     * Requests per second shared by all calls of this client. Default 3 (TomTicket's limit);
     * 0 disables the limiter. Ignored when `limiter` is given.
     */
    requestsPerSecond?: number;
    /**
     * A rate limiter shared beyond this client (e.g. a Durable Object per TomTicket account,
     * so that every Worker isolate shares the account's 3 requests/second). Default: this
     * client's own in-memory limiter of `requestsPerSecond`.
     */
    limiter?: RateLimiterLike;
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
 * The answer to `createTicket`.
 */
export interface CreateTicketResult {
    /**
     * The new ticket's id (32-char hex): for `getTicketV2`, replies, …
     */
    ticketId: string | null;
    /**
     * The protocol number shown to people.
     */
    protocol: number | null;
    /**
     * The server's message.
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
 * The answer to a write that returns only a message.
 */
export interface WriteResult {
    /**
     * The server's message.
     */
    message: string | null;
}

/**
 * The custom fields and operators of the whole account, each once (the same field appears
 * under many categories and departments): what `summarizeDepartments` gives.
 */
export interface DepartmentSummary {
    /**
     * Every custom field once, by id (the first label seen), with where it is used.
     */
    customFields: FieldUse[];
    /**
     * Every operator once, by id, with their departments.
     */
    operators: OperatorUse[];
}

/**
 * The customer's evaluation of a finished ticket.
 */
export type TicketEvaluationInput = { ticketId: string; problemSolved: boolean; grade: 1 | 2 | 3 | 4 | 5; comment?: string };

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
export type TicketSituation = "waitingForAgent" | "notStarted" | "acceptedByAgent" | "answeredByAgent" | "answeredByCustomer" | "cancelled" | "finished" | "agentChanged" | "sentToSupportTeam" | "waitingForManagerEvaluation" | { unknown: string };

/**
 * What a [`MappingNote`] is about.
 */
export type MappingNoteCode = "externalIdUnusable" | "nameMissing" | "nameCleaned" | "nameTruncated" | "noEmail" | "emailUnsubscribed" | "emailInvalid" | "phoneCountryCodeDropped" | "phoneUnusable" | "customFieldUnmapped" | "customFieldDuplicate" | "customFieldTooLong" | "organizationNotMapped";

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
    /**
     * File parts sent after the form (multipart), without their bytes.
     */
    files: FilePart[];
}

/**
 * What a customer identifier is.
 */
export type CustomerIdentifierType = "email" | "internalId";

/**
 * What a webhook is about.
 */
export type WebhookEventType = "ticket" | "customer";

/**
 * What happened to it.
 */
export type WebhookAction = "created" | "updated" | "deleted";

/**
 * What rule a field broke.
 */
export type IssueCode = "required" | "tooLong" | "invalidType" | "invalidValue" | "invalidEmail" | "invalidCharacters" | "notAllowed" | "unknownField" | "tooMany" | "tooLarge";

/**
 * What went wrong, as a stable string a program can switch on.
 */
export type ErrorKind = "validation" | "config" | "unauthorized" | "forbidden" | "notFound" | "rateLimited" | "server" | "api" | "network" | "timeout" | "aborted" | "decode" | "webhook";

/**
 * Where the token goes.
 */
export type AuthPlacement = "bearerHeader" | "path";

/**
 * Whether an e-mail is blacklisted.
 */
export interface BlacklistResult {
    blacklisted: boolean;
    message: string | null;
}

/**
 * Which chats to list (`listChats`).
 */
export type ChatFilter = { customerId?: string; email?: string; departmentId?: string | number; organizationId?: string | number; createdFrom?: DateInput; createdTo?: DateInput; protocol?: number; minProtocol?: number; maxProtocol?: number };

/**
 * Which customer to read: by internal id or by e-mail (exactly one).
 */
export type CustomerLookup = { customerId: string; email?: never } | { email: string; customerId?: never };

/**
 * Which ticket to read through v2, and what to include.
 */
export interface TicketDetailQuery {
    /**
     * The ticket's id (32-char hex), not its protocol number.
     */
    ticketId: string;
    /**
     * Include the timed intervals (`stopwatch`).
     */
    includeStopwatch?: boolean;
    /**
     * Include the tickets escalated from this one (`escalatedTickets`).
     */
    includeEscalatedTickets?: boolean;
    /**
     * Include the ticket's tags (`tags`).
     */
    includeTags?: boolean;
}

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
 * Which tickets to list. Every member is optional; see docs/v2-calls.md for the wire names.
 */
export type TicketFilter = { customerId?: string; email?: string; situations?: TicketSituationCode[]; departmentId?: string | number; statusId?: string | number; categoryId?: string | number; createdFrom?: DateInput; createdTo?: DateInput; updatedFrom?: DateInput; updatedTo?: DateInput; lastSituationFrom?: DateInput; lastSituationTo?: DateInput; protocol?: number; minProtocol?: number; maxProtocol?: number; order?: "asc" | "desc"; orderBy?: "protocol" | "creationDate" | "lastUpdate" };

/**
 * Who wrote a history entry.
 */
export type MessageOrigin = "customer" | "agent" | "internalNote" | { unknown: string };

/**
 * Why a webhook's signature was refused (the `reason` of an error of kind `webhook`).
 */
export type WebhookFailure = "missing" | "malformed" | "mismatch";

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

/**
 * `{ departmentId }`.
 */
export type DepartmentOperatorsQuery = { departmentId: string | number };

/**
 * `{ departmentId, categoryId? }`.
 */
export type DepartmentFieldsQuery = { departmentId: string | number; categoryId?: string | number };

/**
 * `{ includeNested?: boolean }`.
 */
export interface DepartmentQuery {
    /**
     * With each department's categories, custom fields and operators. Default false.
     */
    includeNested?: boolean;
}

export interface Category {
    id: string | null;
    name: string | null;
    /**
     * The ticket custom fields of this category.
     */
    customFields: CustomField[];
}

export interface ChatCustomer {
    id: string | null;
    internalId: string | null;
    name: string | null;
    email: string | null;
}

export interface CustomFieldList {
    fields: CustomField[];
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

export interface DepartmentList {
    departments: Department[];
}

export interface EscalatedTicket {
    protocol: string | null;
    id: string | null;
    subject: string | null;
}

export interface FieldUse {
    id: string;
    label: string | null;
    /**
     * `departmentId` or `departmentId/categoryId` of every place the field is used.
     */
    usedIn: string[];
}

export interface FormField {
    name: string;
    value: string;
}

export interface Operator {
    id: string | null;
    name: string | null;
    /**
     * A hash of the operator's e-mail.
     */
    mailHash: string | null;
}

export interface OperatorList {
    operators: Operator[];
}

export interface OperatorUse {
    id: string;
    name: string | null;
    departmentIds: string[];
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
    /** Lists tickets (v2.0), 50 a page, with typed filters: iterate with `for await`. */
    listTickets(input?: TicketFilter, options?: ListOptions): PageIterator<Page<Ticket>["items"][number]>;
    /** Reads one ticket through v2.0, optionally with stopwatch, escalated tickets and tags. */
    getTicketV2(input: TicketDetailQuery, options?: CallOptions): Promise<Ticket>;
    /** Opens a ticket as a customer (v2.0), with attachments. Retried only after a 429. */
    createTicket(input: NewTicket, options?: CallOptions): Promise<CreateTicketResult>;
    /** Replies as the ticket's customer (v2.0), with attachments. */
    replyAsCustomer(input: TicketReply, options?: CallOptions): Promise<WriteResult>;
    /** Replies as the linked operator (v2.0). With no operator linked the API stores it as the customer's: see replyAsOperatorSafely. */
    replyAsOperator(input: OperatorReply, options?: CallOptions): Promise<WriteResult>;
    /** Adds an internal note to a ticket (v2.0), not shown to the customer. */
    commentTicket(input: TicketComment, options?: CallOptions): Promise<WriteResult>;
    /** Finishes a ticket (v2.0); workedMinutes is in minutes. */
    finishTicket(input: FinishTicket, options?: CallOptions): Promise<WriteResult>;
    /** Transfers a ticket to a department and/or operator (v2.0). */
    transferTicket(input: TransferTicket, options?: CallOptions): Promise<WriteResult>;
    /** Links an operator to a ticket that has none (v2.0). */
    linkOperator(input: LinkOperator, options?: CallOptions): Promise<WriteResult>;
    /** Records the customer's evaluation of a finished ticket (v2.0). */
    evaluateTicket(input: TicketEvaluationInput, options?: CallOptions): Promise<WriteResult>;
    /** Lists the account's customers (v2.0), 50 a page: iterate with `for await`. */
    listCustomers(input?: NoFilter, options?: ListOptions): PageIterator<Page<CustomerSummary>["items"][number]>;
    /** Updates a customer through v2.0, sending only the fields given (the legacy path is updateCustomer). */
    updateCustomerV2(input: CustomerUpdateV2, options?: CallOptions): Promise<WriteResult>;
    /** Says whether an e-mail is on the blacklist of tickets created by e-mail (v2.0). */
    searchBlacklist(input: BlacklistQuery, options?: CallOptions): Promise<BlacklistResult>;
    /** Lists the account's organisations (v2.0), 50 a page. */
    listOrganizations(input?: NoFilter, options?: ListOptions): PageIterator<Page<Named>["items"][number]>;
    /** Lists departments (v2.0), with their categories, custom fields and operators when includeNested. */
    listDepartments(input: DepartmentQuery, options?: CallOptions): Promise<DepartmentList>;
    /** Lists the ticket custom fields of a department, or of one of its categories (v2.0). */
    listDepartmentCustomFields(input: DepartmentFieldsQuery, options?: CallOptions): Promise<CustomFieldList>;
    /** Lists a department's operators (v2.0; Premium and Enterprise plans). */
    listDepartmentOperators(input: DepartmentOperatorsQuery, options?: CallOptions): Promise<OperatorList>;
    /** Lists chats (v2.0), 50 a page, by customer, department, organisation, date and protocol. */
    listChats(input?: ChatFilter, options?: ListOptions): PageIterator<Page<Chat>["items"][number]>;
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

export function decodeBlacklist(status: number, body: string, retryAfter?: string | null): BlacklistResult;

export function decodeChatPage(status: number, body: string, retryAfter?: string | null): Page<Chat>;

export function decodeCreateCustomer(status: number, body: string, retryAfter?: string | null): CreateCustomerResult;

export function decodeCreateTicket(status: number, body: string, retryAfter?: string | null): CreateTicketResult;

export function decodeCustomFieldList(status: number, body: string, retryAfter?: string | null): CustomFieldList;

export function decodeCustomerDetails(status: number, body: string, retryAfter?: string | null): Customer;

export function decodeCustomerExists(status: number, body: string, retryAfter?: string | null): CustomerExistsResult;

export function decodeCustomerPage(status: number, body: string, retryAfter?: string | null): Page<CustomerSummary>;

export function decodeCustomerReply(status: number, body: string, retryAfter?: string | null): WriteResult;

export function decodeCustomerUpdate(status: number, body: string, retryAfter?: string | null): UpdateCustomerResult;

export function decodeCustomerUpdateV2(status: number, body: string, retryAfter?: string | null): WriteResult;

export function decodeDepartmentList(status: number, body: string, retryAfter?: string | null): DepartmentList;

export function decodeFinishTicket(status: number, body: string, retryAfter?: string | null): WriteResult;

export function decodeLinkOperator(status: number, body: string, retryAfter?: string | null): WriteResult;

export function decodeOperatorList(status: number, body: string, retryAfter?: string | null): OperatorList;

export function decodeOperatorReply(status: number, body: string, retryAfter?: string | null): WriteResult;

export function decodeOrganizationPage(status: number, body: string, retryAfter?: string | null): Page<Named>;

export function decodeTicket(status: number, body: string, retryAfter?: string | null): Ticket;

export function decodeTicketComment(status: number, body: string, retryAfter?: string | null): WriteResult;

export function decodeTicketDetail(status: number, body: string, retryAfter?: string | null): Ticket;

export function decodeTicketEvaluation(status: number, body: string, retryAfter?: string | null): WriteResult;

export function decodeTicketPage(status: number, body: string, retryAfter?: string | null): Page<Ticket>;

export function decodeTransferTicket(status: number, body: string, retryAfter?: string | null): WriteResult;

export function encodeBlacklistQuery(input: BlacklistQuery): EncodedRequest;

export function encodeChatFilter(input: ChatFilter): EncodedRequest;

export function encodeCustomerExistsQuery(input: CustomerLookup): EncodedRequest;

export function encodeCustomerListFilter(input: NoFilter): EncodedRequest;

export function encodeCustomerLookup(input: CustomerLookup): EncodedRequest;

export function encodeCustomerUpdate(input: LegacyCustomerUpdate): EncodedRequest;

export function encodeCustomerUpdateV2(input: CustomerUpdateV2): EncodedRequest;

export function encodeDepartmentFieldsQuery(input: DepartmentFieldsQuery): EncodedRequest;

export function encodeDepartmentOperatorsQuery(input: DepartmentOperatorsQuery): EncodedRequest;

export function encodeDepartmentQuery(input: DepartmentQuery): EncodedRequest;

export function encodeFinishTicket(input: FinishTicket): EncodedRequest;

export function encodeLinkOperator(input: LinkOperator): EncodedRequest;

export function encodeNewCustomer(input: NewCustomer): EncodedRequest;

export function encodeNewTicket(input: NewTicket): EncodedRequest;

export function encodeOperatorReply(input: OperatorReply): EncodedRequest;

export function encodeOrganizationFilter(input: NoFilter): EncodedRequest;

export function encodeTicketComment(input: TicketComment): EncodedRequest;

export function encodeTicketDetailQuery(input: TicketDetailQuery): EncodedRequest;

export function encodeTicketEvaluation(input: TicketEvaluationInput): EncodedRequest;

export function encodeTicketFilter(input: TicketFilter): EncodedRequest;

export function encodeTicketQuery(input: TicketQuery): EncodedRequest;

export function encodeTicketReply(input: TicketReply): EncodedRequest;

export function encodeTransferTicket(input: TransferTicket): EncodedRequest;

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

/**
 * The account's custom fields and operators, each once, from the output of
 * `listDepartments({ includeNested: true })` (the same field repeats under many categories).
 */
export function summarizeDepartments(list: DepartmentList): DepartmentSummary;

export function validateBlacklistQuery(input: BlacklistQuery): Issue[];

export function validateChatFilter(input: ChatFilter): Issue[];

export function validateCustomerExistsQuery(input: CustomerLookup): Issue[];

export function validateCustomerListFilter(input: NoFilter): Issue[];

export function validateCustomerLookup(input: CustomerLookup): Issue[];

export function validateCustomerUpdate(input: LegacyCustomerUpdate): Issue[];

export function validateCustomerUpdateV2(input: CustomerUpdateV2): Issue[];

export function validateDepartmentFieldsQuery(input: DepartmentFieldsQuery): Issue[];

export function validateDepartmentOperatorsQuery(input: DepartmentOperatorsQuery): Issue[];

export function validateDepartmentQuery(input: DepartmentQuery): Issue[];

export function validateFinishTicket(input: FinishTicket): Issue[];

export function validateLinkOperator(input: LinkOperator): Issue[];

export function validateNewCustomer(input: NewCustomer): Issue[];

export function validateNewTicket(input: NewTicket): Issue[];

export function validateOperatorReply(input: OperatorReply): Issue[];

export function validateOrganizationFilter(input: NoFilter): Issue[];

export function validateTicketComment(input: TicketComment): Issue[];

export function validateTicketDetailQuery(input: TicketDetailQuery): Issue[];

export function validateTicketEvaluation(input: TicketEvaluationInput): Issue[];

export function validateTicketFilter(input: TicketFilter): Issue[];

export function validateTicketQuery(input: TicketQuery): Issue[];

export function validateTicketReply(input: TicketReply): Issue[];

export function validateTransferTicket(input: TransferTicket): Issue[];

/**
 * Verifies a TomTicket webhook (`X-Hub-Signature: sha1=…`, HMAC-SHA1 with the webhook's
 * secret, over the raw body or its base64, digest in hex or base64, compared in constant time)
 * and returns its event. Throws a TomTicketError of kind `webhook` with `reason` `missing`,
 * `malformed` or `mismatch`; the secret never appears in it. Pass the body exactly as received
 * (`await request.text()` or its bytes), never a re-serialised JSON.
 */
export function verifyWebhook(rawBody: string | Uint8Array | ArrayBuffer, signatureHeader: string | null | undefined, secret: string): WebhookEvent;
