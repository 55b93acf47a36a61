// The one error type of the baseline client: a real Error with a stable `kind` to switch on.
export type ErrorKind =
  | "validation"
  | "config"
  | "unauthorized"
  | "forbidden"
  | "notFound"
  | "rateLimited"
  | "server"
  | "api"
  | "network"
  | "timeout"
  | "aborted"
  | "decode";

export type IssueCode =
  | "required"
  | "tooLong"
  | "invalidType"
  | "invalidValue"
  | "invalidEmail"
  | "invalidCharacters"
  | "notAllowed"
  | "unknownField";

export interface Issue {
  field: string;
  code: IssueCode;
  message: string;
  limit?: number;
  actual?: number;
}

const BRAND = Symbol.for("tomticket-baseline.error");

export class TomTicketError extends Error {
  override name = "TomTicketError" as const;
  kind: ErrorKind;
  status?: number;
  serverMessage?: string;
  issues: Issue[];
  retryAfterMs?: number;
  endpoint?: string;

  constructor(
    kind: ErrorKind,
    message: string,
    extra: { status?: number; serverMessage?: string; issues?: Issue[]; retryAfterMs?: number; endpoint?: string } = {},
  ) {
    super(message);
    this.kind = kind;
    this.issues = extra.issues ?? [];
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.serverMessage?.trim()) this.serverMessage = extra.serverMessage;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
    if (extra.endpoint !== undefined) this.endpoint = extra.endpoint;
    (this as unknown as Record<symbol, boolean>)[BRAND] = true;
  }

  static validation(issues: Issue[]): TomTicketError {
    const text = issues.length ? issues.map((i) => i.message).join("; ") : "no details";
    return new TomTicketError("validation", `Invalid input: ${text}`, { issues });
  }
}

/** Works across realms and duplicate bundle copies, where `instanceof` fails. */
export function isTomTicketError(value: unknown): value is TomTicketError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
