// TomTicket's date formats → ISO 8601 text, never inventing a time zone:
//   2024-01-05 10:20:30-0300 → 2024-01-05T10:20:30-03:00   (v2, offset kept)
//   02/11/2023 20:17         → 2023-11-02T20:17:00         (live legacy, local time, no offset)
//   2024-01-05 10:20:30      → 2024-01-05T10:20:30
//   1698966000               → 2023-11-02T23:00:00Z        (Unix seconds are UTC)
//   0000-00-00 00:00:00, ""  → null
// Anything else is returned unchanged so that it stays visible.
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)? ?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DMY = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)? ?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const pad = (n: number | string, w = 2) => String(n).padStart(w, "0");

function daysIn(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function build(y: string, mo: string, d: string, h?: string, mi?: string, s?: string, frac?: string, off?: string): string | undefined {
  const Y = +y, M = +mo, D = +d;
  if (M < 1 || M > 12 || D < 1 || D > daysIn(Y, M)) return undefined;
  const date = `${y}-${mo}-${d}`;
  if (h === undefined) return date;
  if (+h > 23 || +mi! > 59 || (s !== undefined && +s > 60)) return undefined;
  let offset = "";
  if (off === "Z" || off === "z") offset = "Z";
  else if (off) {
    const digits = off.slice(1).replace(":", "");
    const oh = +digits.slice(0, 2), om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (digits.length !== 2 && digits.length !== 4) return undefined;
    if (oh > 14 || om > 59) return undefined;
    offset = `${off[0]}${pad(oh)}:${pad(om)}`;
  }
  return `${date}T${h}:${mi}:${s ?? "00"}${frac ?? ""}${offset}`;
}

export function toIso(raw: string): string | null {
  const s = raw.trim();
  if (s === "" || s.startsWith("0000-00-00") || s.startsWith("00/00/0000")) return null;
  if (/^\d{9,11}$/.test(s)) return new Date(Number(s) * 1000).toISOString().replace(".000Z", "Z");
  let m = YMD.exec(s);
  if (m) return build(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6], m[7], m[8]) ?? raw;
  m = DMY.exec(s);
  if (m) return build(m[3]!, m[2]!, m[1]!, m[4], m[5], m[6], m[7], m[8]) ?? raw;
  return raw;
}
