// The hand-written TypeScript baseline: what a good TS developer would write instead of the
// package, for the same four calls and the same pure helpers. zod for schemas, URLSearchParams /
// FormData for encoding, JSON.parse + zod for decoding, fetch with a limiter and retries.
export { TomTicketClient, type ClientOptions, type CallOptions, type RetryOptions, type FetchLike } from "./client.js";
export { TomTicketError, isTomTicketError, type ErrorKind, type Issue, type IssueCode } from "./errors.js";
export { validateNewCustomer, encodeNewCustomer, decodeCustomerDetails, decodeCreateCustomer, type NewCustomer, type Customer, type CustomerLookup } from "./customer.js";
export { validateCustomerUpdate, encodeCustomerUpdate, decodeUpdateCustomer, type CustomerUpdate } from "./update.js";
export { validateTicketQuery, encodeTicketQuery, decodeTicket, type Ticket, type TicketQuery } from "./ticket.js";
export { decodeTicketPage, type V2Ticket } from "./ticket-v2.js";
export { decodeCustomerPage, decodeDepartmentList, type CustomerSummary, type Department, type DepartmentList } from "./directory.js";
export { type Page } from "./page.js";
