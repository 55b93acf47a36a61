//! TomTicket's date formats → ISO 8601 text, without ever inventing a time zone.
//!
//! | wire | ISO returned |
//! |---|---|
//! | `2024-01-05 10:20:30-0300` (v2) | `2024-01-05T10:20:30-03:00` |
//! | `2024-01-05 10:20:30` (documented legacy) | `2024-01-05T10:20:30` (no offset: none was given) |
//! | `2024-01-05T10:20:30Z` / `…+00:00` / `.123` | kept, offset normalised to `±HH:MM` |
//! | `02/11/2023 20:17` (live legacy, Brasília local time) | `2023-11-02T20:17:00` (no offset) |
//! | `02/11/2023` / `2023-11-02` | `2023-11-02` |
//! | `1698966000` (Unix seconds, a number or a numeric string) | `2023-11-02T23:00:00Z` (Unix time is UTC) |
//! | `0000-00-00 00:00:00`, `""` | `None` (no date) |
//!
//! Anything else is [`Parsed::Unknown`], so the caller can keep the server's text visible.

/// What a date text turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Parsed {
    /// ISO 8601 text.
    Iso(String),
    /// "No date" (`""`, `0000-00-00 …`).
    NoDate,
    /// Not a known format.
    Unknown,
}

/// Writes digits straight into one buffer (no `format!`): a 200-entry ticket has ~800 dates.
pub(super) fn to_iso(raw: &str) -> Parsed {
    iso(raw).unwrap_or(Parsed::Unknown)
}

fn iso(raw: &str) -> Option<Parsed> {
    let s = raw.trim();
    if s.is_empty() || s.starts_with("0000-00-00") || s.starts_with("00/00/0000") {
        return Some(Parsed::NoDate);
    }
    let b = s.as_bytes();
    if b.iter().all(u8::is_ascii_digit) && (9..=11).contains(&b.len()) {
        let secs: i64 = s.parse().ok()?;
        return Some(Parsed::Iso(unix_to_iso(secs)));
    }
    let (date, day_first) = match (ymd(b), dmy(b)) {
        (Some(d), _) => (d, false),
        (None, Some(d)) => (d, true),
        (None, None) => return None,
    };
    let mut out = String::with_capacity(32);
    push_date(&mut out, date);
    let rest = b.get(10..).unwrap_or(&[]);
    if rest.is_empty() {
        return Some(Parsed::Iso(out));
    }
    match rest.first() {
        Some(b' ') => {}
        Some(b'T') if !day_first => {}
        _ => return None,
    }
    out.push('T');
    let rest = hms(&mut out, rest.get(1..)?)?;
    offset(&mut out, rest)?;
    Some(Parsed::Iso(out))
}

fn num(b: &[u8], from: usize, len: usize) -> Option<u32> {
    let part = b.get(from..from + len)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    part.iter().try_fold(0u32, |acc, d| acc.checked_mul(10)?.checked_add(u32::from(d - b'0')))
}

/// `n` as exactly `width` decimal digits (zero-padded; higher digits dropped — callers pass
/// values that fit).
fn push_digits(out: &mut String, n: u64, width: u32) {
    for i in (0..width).rev() {
        let d = (n / 10u64.pow(i)) % 10;
        out.push(char::from(b'0' + d as u8));
    }
}

fn push_date(out: &mut String, (y, m, d): (u32, u32, u32)) {
    push_digits(out, u64::from(y), 4);
    out.push('-');
    push_digits(out, u64::from(m), 2);
    out.push('-');
    push_digits(out, u64::from(d), 2);
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn valid_date(y: u32, m: u32, d: u32) -> Option<(u32, u32, u32)> {
    ((1..=12).contains(&m) && d != 0 && d <= days_in_month(y, m)).then_some((y, m, d))
}

fn ymd(b: &[u8]) -> Option<(u32, u32, u32)> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    valid_date(num(b, 0, 4)?, num(b, 5, 2)?, num(b, 8, 2)?)
}

fn dmy(b: &[u8]) -> Option<(u32, u32, u32)> {
    if b.get(2) != Some(&b'/') || b.get(5) != Some(&b'/') {
        return None;
    }
    valid_date(num(b, 6, 4)?, num(b, 3, 2)?, num(b, 0, 2)?)
}

/// `HH:MM[:SS[.fff]]` → `HH:MM:SS[.fff]` appended to `out`; returns the rest.
fn hms<'a>(out: &mut String, b: &'a [u8]) -> Option<&'a [u8]> {
    let h = num(b, 0, 2)?;
    if b.get(2) != Some(&b':') {
        return None;
    }
    let m = num(b, 3, 2)?;
    let (s, mut rest) = if b.get(5) == Some(&b':') { (num(b, 6, 2)?, b.get(8..)?) } else { (0, b.get(5..)?) };
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    for (i, n) in [h, m, s].into_iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        push_digits(out, u64::from(n), 2);
    }
    if rest.first() == Some(&b'.') {
        let digits = rest.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let frac = rest.get(..=digits)?;
        out.push_str(std::str::from_utf8(frac).ok()?);
        rest = rest.get(digits + 1..)?;
    }
    Some(rest)
}

/// `""` | `Z` | `±HH:MM` | `±HHMM` | `±HH` (an optional space before it) → `""` | `Z` | `±HH:MM`,
/// appended to `out`.
fn offset(out: &mut String, b: &[u8]) -> Option<()> {
    let b = if b.first() == Some(&b' ') { b.get(1..)? } else { b };
    match b {
        [] => {}
        [b'Z'] | [b'z'] => out.push('Z'),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest.len() {
                2 => (num(rest, 0, 2)?, 0),
                4 => (num(rest, 0, 2)?, num(rest, 2, 2)?),
                5 if rest.get(2) == Some(&b':') => (num(rest, 0, 2)?, num(rest, 3, 2)?),
                _ => return None,
            };
            if h > 14 || m > 59 {
                return None;
            }
            out.push(char::from(*sign));
            push_digits(out, u64::from(h), 2);
            out.push(':');
            push_digits(out, u64::from(m), 2);
        }
        _ => return None,
    }
    Some(())
}

/// Unix seconds → `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, Howard Hinnant's civil_from_days).
/// Callers pass at most 11 digits (year ≤ 5138); the clamp only keeps the year at four digits.
fn unix_to_iso(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = (yoe + era * 400 + i64::from(m <= 2)).clamp(0, 9999);
    let mut out = String::with_capacity(20);
    push_date(&mut out, (y as u32, m as u32, d as u32));
    out.push('T');
    for (i, n) in [sod / 3600, (sod % 3600) / 60, sod % 60].into_iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        push_digits(&mut out, n as u64, 2);
    }
    out.push('Z');
    out
}

/// Brasília time, the zone TomTicket's filters are written in (UTC−3; no daylight saving since 2019).
const BRASILIA_OFFSET_SECS: i64 = -3 * 3600;

/// A caller's filter date → TomTicket's `YYYY-MM-DD HH:MM:SS-0300`.
///
/// Accepted: an ISO 8601 date-time with `Z` or `±HH:MM` (what `JSON.stringify(new Date())`
/// gives; fractions of a second are dropped), converted to Brasília time; or a plain
/// `YYYY-MM-DD`, meaning Brasília's start of that day, or its last second when `end_of_day`.
/// A date-time without an offset is refused: its zone would be a guess. `Err` says why.
pub(super) fn filter_date(raw: &str, end_of_day: bool) -> Result<String, &'static str> {
    const HINT: &str = "a Date, an ISO 8601 date-time with Z or an offset, or YYYY-MM-DD";
    let b = raw.trim().as_bytes();
    let (y, m, d) = ymd(b).ok_or(HINT)?;
    let rest = b.get(10..).unwrap_or(&[]);
    let local = if rest.is_empty() {
        let sod = if end_of_day { 86_399 } else { 0 };
        days_from_civil(y, m, d) * 86_400 + sod
    } else {
        if !matches!(rest.first(), Some(b'T' | b't' | b' ')) {
            return Err(HINT);
        }
        let h = num(rest, 1, 2).ok_or(HINT)?;
        if rest.get(3) != Some(&b':') {
            return Err(HINT);
        }
        let mi = num(rest, 4, 2).ok_or(HINT)?;
        let mut i = 6;
        let mut s = 0;
        if rest.get(i) == Some(&b':') {
            s = num(rest, i + 1, 2).ok_or(HINT)?;
            i += 3;
            if rest.get(i) == Some(&b'.') {
                i += 1;
                while rest.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
        }
        if h > 23 || mi > 59 || s > 59 {
            return Err(HINT);
        }
        let zone = rest.get(i..).unwrap_or(&[]);
        let offset = match zone {
            [] => return Err("a date-time needs Z or an offset (its time zone would be a guess)"),
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), ..] => {
                let oh = num(zone, 1, 2).ok_or(HINT)?;
                let om = match zone.len() {
                    3 => 0,
                    5 => num(zone, 3, 2).ok_or(HINT)?,
                    6 if zone.get(3) == Some(&b':') => num(zone, 4, 2).ok_or(HINT)?,
                    _ => return Err(HINT),
                };
                if oh > 23 || om > 59 {
                    return Err(HINT);
                }
                let o = i64::from(oh * 3600 + om * 60);
                if *sign == b'-' { -o } else { o }
            }
            _ => return Err(HINT),
        };
        let utc = days_from_civil(y, m, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s) - offset;
        utc + BRASILIA_OFFSET_SECS
    };
    let iso = unix_to_iso(local);
    // `YYYY-MM-DDTHH:MM:SSZ` → `YYYY-MM-DD HH:MM:SS-0300`
    let mut out = String::with_capacity(24);
    out.push_str(iso.get(..10).ok_or(HINT)?);
    out.push(' ');
    out.push_str(iso.get(11..19).ok_or(HINT)?);
    out.push_str("-0300");
    Ok(out)
}

/// Days since 1970-01-01 of a valid civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: u32, m: u32, d: u32) -> i64 {
    let (y, m, d) = (i64::from(y) - i64::from(m <= 2), i64::from(m), i64::from(d));
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_dates_are_sent_in_brasilia_time() {
        assert_eq!(filter_date("2026-03-01T12:00:00.000Z", false).unwrap(), "2026-03-01 09:00:00-0300");
        assert_eq!(filter_date("2026-01-01T01:30:00Z", true).unwrap(), "2025-12-31 22:30:00-0300");
        assert_eq!(filter_date("2026-03-01T12:00:00-03:00", false).unwrap(), "2026-03-01 12:00:00-0300");
        assert_eq!(filter_date("2026-03-01T12:00+0530", false).unwrap(), "2026-03-01 03:30:00-0300");
        assert_eq!(filter_date("2024-02-29", false).unwrap(), "2024-02-29 00:00:00-0300");
        assert_eq!(filter_date("2024-02-29", true).unwrap(), "2024-02-29 23:59:59-0300");
        assert_eq!(filter_date("1970-01-01T00:00:00Z", false).unwrap(), "1969-12-31 21:00:00-0300");
        for bad in ["2026-03-01T12:00:00", "2026-02-30", "01/03/2026", "2026-03-01T25:00Z", "2026-03-01T12:00:00+", "", "é", "2026-03-01T12:00:00Zx"] {
            assert!(filter_date(bad, false).is_err(), "{bad}");
        }
        for d in 0..20_000i64 {
            let iso = unix_to_iso(d * 86_400 + 3 * 3600);
            let text = format!("{}T03:00:00Z", &iso[..10]);
            assert_eq!(filter_date(&text, false).unwrap(), format!("{} 00:00:00-0300", &iso[..10]));
        }
    }

    fn iso(s: &str) -> Option<String> {
        match to_iso(s) {
            Parsed::Iso(t) => Some(t),
            Parsed::NoDate => None,
            Parsed::Unknown => panic!("{s:?} is not a known format"),
        }
    }

    #[test]
    fn v2_dates_keep_their_offset() {
        assert_eq!(iso("2024-01-05 10:20:30-0300").as_deref(), Some("2024-01-05T10:20:30-03:00"));
        assert_eq!(iso("2024-01-05 10:20:30 -03:00").as_deref(), Some("2024-01-05T10:20:30-03:00"));
        assert_eq!(iso("2024-01-05T10:20:30.5Z").as_deref(), Some("2024-01-05T10:20:30.5Z"));
    }

    #[test]
    fn local_dates_get_no_invented_offset() {
        assert_eq!(iso("02/11/2023 20:17").as_deref(), Some("2023-11-02T20:17:00"));
        assert_eq!(iso("02/11/2023 20:17:05").as_deref(), Some("2023-11-02T20:17:05"));
        assert_eq!(iso("2023-11-02 20:17:05").as_deref(), Some("2023-11-02T20:17:05"));
        assert_eq!(iso("02/11/2023").as_deref(), Some("2023-11-02"));
        assert_eq!(iso("2024-02-29").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn empty_and_zero_dates_are_none() {
        assert_eq!(iso(""), None);
        assert_eq!(iso("  "), None);
        assert_eq!(iso("0000-00-00 00:00:00"), None);
    }

    #[test]
    fn unix_seconds_are_utc() {
        assert_eq!(iso("1698966000").as_deref(), Some("2023-11-02T23:00:00Z"));
        assert_eq!(iso("0000000000").as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(iso("99999999999").as_deref(), Some("5138-11-16T09:46:39Z"), "11 digits, the largest accepted");
        assert_eq!(iso("2023-11-02T20:17").as_deref(), Some("2023-11-02T20:17:00"));
        assert_eq!(to_iso("02/11/2023T20:17"), Parsed::Unknown, "a day-first date takes a space only");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in ["2023-13-01", "2023-02-30", "31/02/2023 10:00", "2023-01-01 25:00", "2023-01-01X10:00", "02/11/2023 20", "2023-01-01 10:00:00+99", "é/ü/2023", "2023-01-01 10:00:00.", "abc", "2023-01-01 10:00:00-03:00:00"] {
            assert_eq!(to_iso(bad), Parsed::Unknown, "{bad}");
        }
    }
}
