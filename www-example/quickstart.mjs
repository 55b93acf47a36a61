// The smallest useful program: validate, call, handle typed errors. Run by `make demo` against
// the local fake TomTicket (tests/fake); point TOMTICKET_BASE_URL/TOMTICKET_TOKEN elsewhere to
// talk to your own account.
import { TomTicketClient, isTomTicketError, validateNewCustomer } from "tomticket-wasm";

const baseUrl = process.env.TOMTICKET_BASE_URL;
const token = process.env.TOMTICKET_TOKEN;
const tt = new TomTicketClient({ token, baseUrl });

function show(title, value) {
  console.log(`\n── ${title}`);
  console.log(typeof value === "string" ? value : JSON.stringify(value, null, 2));
}

// 1. The same rules a portal form uses, with no network:
show("validateNewCustomer({ customerId: \"\", name: 251 × \"é\", email: \"nope\" })",
  validateNewCustomer({ customerId: "", name: "é".repeat(251), email: "nope" }));

// 2. Create a customer, then look it up by e-mail.
const customerId = `demo-${Date.now()}`;
show("createCustomer", await tt.createCustomer({
  customerId, name: "Maria Demo", email: `${customerId}@example.com`, language: "pt_BR", canCreateTickets: true,
}));
show("getCustomer({ email })", await tt.getCustomer({ email: `${customerId}@example.com` }));

// 3. Read a ticket with its history, stopwatch and escalated tickets.
const ticketId = process.env.DEMO_TICKET_ID;
if (ticketId) {
  const t = await tt.getTicket({ ticketId, includeStopwatch: true, includeEscalatedTickets: true });
  show("getTicket (summary)", {
    protocol: t.protocol, subject: t.subject, priority: t.priority, lastSituation: t.lastSituation,
    sla: t.sla, historyEntries: t.history.length, escalatedTickets: t.escalatedTickets,
  });
}

// 4. Errors are typed; the token never appears in them.
try {
  await tt.getCustomer({ customerId: "does-not-exist" });
} catch (e) {
  if (!isTomTicketError(e)) throw e;
  show("a typed error", { name: e.name, kind: e.kind, status: e.status, serverMessage: e.serverMessage, endpoint: e.endpoint, message: e.message });
}
