// HTTP dates: formatting IMF-fixdate, a per-second cache of the current Date value, and parsing
// the three formats a recipient must accept.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// RFC 9110 §5.6.7: IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
export function formatHttpDate(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ` +
    `${year < 1000 ? String(year).padStart(4, '0') : year} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} GMT`
  );
}

let cachedSecond = -1;
let cachedDate = '';

/** The Date field value for now; formatted at most once per second. */
export function currentHttpDate(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = formatHttpDate(second * 1000);
  }
  return cachedDate;
}

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function build(
  dayName: string,
  day: number,
  monthName: string,
  year: number,
  hour: number,
  minute: number,
  second: number,
): number | null {
  const month = (MONTHS as readonly string[]).indexOf(monthName);
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  const d = new Date(ms);
  // Rejects 31 Feb and the like; a wrong day name means the sender's date is not trustworthy.
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month) return null;
  const weekday = d.getUTCDay();
  if (DAYS[weekday] !== dayName && LONG_DAYS[weekday] !== dayName) return null;
  return ms;
}

/**
 * Parses an HTTP-date in any of the three formats (RFC 9110 §5.6.7); null when invalid.
 * `now` anchors RFC 850 two-digit years.
 */
export function parseHttpDate(value: string, now: number = Date.now()): number | null {
  let m = IMF_FIXDATE.exec(value);
  if (m) return build(m[1]!, Number(m[2]), m[3]!, Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  m = RFC850_DATE.exec(value);
  if (m) {
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is the most recent
    // past year with the same last two digits.
    const nowYear = new Date(now).getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + Number(m[4]);
    if (year > nowYear + 50) year -= 100;
    return build(m[1]!, Number(m[2]), m[3]!, year, Number(m[5]), Number(m[6]), Number(m[7]));
  }
  m = ASCTIME_DATE.exec(value);
  if (m) {
    return build(m[1]!, Number(m[3]!.trim()), m[2]!, Number(m[7]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  return null;
}
