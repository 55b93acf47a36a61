// The one smoke scenario, run unchanged in every runtime (Node, workerd, Deno, a browser page
// built by Vite). Runtime-neutral ESM: no Node built-ins, no DOM. It never asserts: it returns
// plain JSON describing what happened, and tests/packaging/run.mjs checks it the same way for
// every runtime.
//
//   lib     the module namespace of `import * as lib from "tomticket-wasm"`
//   config  { fakeUrl, token, badToken, customerId, browser }
export async function smoke(lib, config) {
  const out = { exports: Object.keys(lib).sort() };
  const step = async (name, fn) => {
    try {
      out[name] = await fn();
    } catch (e) {
      out[name] = { threw: describeError(lib, e, config) };
    }
  };
  const clientOptions = (token) => ({
    token,
    baseUrl: config.fakeUrl,
    ...(config.browser ? { dangerouslyAllowTokenInBrowser: true } : {}),
  });

  // 1. pure validation, no network
  await step("validation", () => lib.validateNewCustomer({ customerId: "x", name: "a".repeat(251) }));

  // 2. a successful call
  await step("customer", async () => {
    const client = new lib.TomTicketClient(clientOptions(config.token));
    const customer = await client.getCustomer({ customerId: config.customerId });
    return { name: customer?.name, keys: customer && typeof customer === "object" ? Object.keys(customer) : [] };
  });

  // 3. the typed 401
  await step("unauthorized", async () => {
    const client = new lib.TomTicketClient(clientOptions(config.badToken));
    const value = await client.getCustomer({ customerId: config.customerId });
    return { resolved: true, value: safeJson(value) };
  });

  // 4. the guard says no to foreign errors
  out.guardOnPlainError = safeCall(() => lib.isTomTicketError(new Error("not ours")));

  // 5. browser only: a raw token is refused without the opt-in
  if (config.browser) {
    await step("browserOptIn", () => {
      new lib.TomTicketClient({ token: config.token, baseUrl: config.fakeUrl });
      return { constructed: true };
    });
  }
  return out;
}

function describeError(lib, e, config) {
  const d = {
    isError: e instanceof Error,
    name: e?.name,
    kind: e?.kind,
    status: e?.status,
    message: String(e?.message ?? e),
    isTomTicketError: safeCall(() => lib.isTomTicketError(e)),
  };
  // The token must never show up in anything the error exposes.
  const text = [d.message, safeCall(() => String(e)), safeCall(() => e?.endpoint), safeCall(() => e?.stack)].join("\n");
  d.leaksToken = [config.token, config.badToken].some((t) => t && text.includes(t));
  return d;
}

function safeCall(fn) {
  try {
    return fn();
  } catch (e) {
    return `<threw ${e}>`;
  }
}

function safeJson(v) {
  try {
    return JSON.parse(JSON.stringify(v));
  } catch {
    return String(v);
  }
}
