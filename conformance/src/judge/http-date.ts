// HTTP-dates as a recipient reads them (RFC 9110 §5.6.7): the IMF-fixdate senders must generate,
// and the two obsolete forms recipients must still accept. The harness shares no code with the
// server under test, so it carries its own parser.

export const DATE_FORMATS = ['IMF-fixdate', 'rfc850-date', 'asctime-date'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export type HttpDate = {
  /** Milliseconds since the epoch (whole seconds). */
  ms: number;
  format: DateFormat;
  /** The day name as written, and whether it is the weekday of the date it names. */
  dayName: string;
  weekdayMatches: boolean;
};

export const IMF_FIXDATE_EXAMPLE = 'Sun, 06 Nov 1994 08:49:37 GMT';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const LONG_DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

// The names are case-sensitive (%s"..." in the ABNF), so no `i` flag.
const DAY = DAY_NAMES.join('|');
const LONG_DAY = LONG_DAY_NAMES.join('|');
const MONTH = MONTHS.join('|');
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year
const IMF_FIXDATE = new RegExp(`^(${DAY}), (\\d{2}) (${MONTH}) (\\d{4}) ${TIME} GMT$`);
// rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT; date2 = day "-" month "-" 2DIGIT
const RFC850_DATE = new RegExp(`^(${LONG_DAY}), (\\d{2})-(${MONTH})-(\\d{2}) ${TIME} GMT$`);
// asctime-date = day-name SP date3 SP time-of-day SP year; date3 = month SP ( 2DIGIT / ( SP DIGIT ))
const ASCTIME_DATE = new RegExp(`^(${DAY}) (${MONTH}) (\\d{2}| \\d) ${TIME} (\\d{4})$`);

type Parts = { dayName: string; day: string; month: string; year: number; hour: string; minute: string; second: string };

/**
 * The instant an HTTP-date names, in any of the three formats, or null when the text is none of
 * them or names no real date (31 Feb, 25:00). `nowMs` places a two-digit rfc850 year.
 */
export function parseHttpDate(text: string, nowMs: number): HttpDate | null {
  let m = IMF_FIXDATE.exec(text);
  if (m) return build('IMF-fixdate', { dayName: m[1]!, day: m[2]!, month: m[3]!, year: Number(m[4]), hour: m[5]!, minute: m[6]!, second: m[7]! }, DAY_NAMES);
  m = RFC850_DATE.exec(text);
  if (m) {
    const year = rfc850Year(Number(m[4]), nowMs);
    return build('rfc850-date', { dayName: m[1]!, day: m[2]!, month: m[3]!, year, hour: m[5]!, minute: m[6]!, second: m[7]! }, LONG_DAY_NAMES);
  }
  m = ASCTIME_DATE.exec(text);
  if (m) return build('asctime-date', { dayName: m[1]!, month: m[2]!, day: m[3]!.trim(), hour: m[4]!, minute: m[5]!, second: m[6]!, year: Number(m[7]) }, DAY_NAMES);
  return null;
}

/** Why `text` is not an IMF-fixdate a sender may generate, or null when it is one. */
export function imfFixdateProblem(text: string, nowMs: number): string | null {
  const date = parseHttpDate(text, nowMs);
  if (date === null) return `not an IMF-fixdate such as "${IMF_FIXDATE_EXAMPLE}"`;
  if (date.format !== 'IMF-fixdate') return `an obsolete ${date.format}; senders must generate an IMF-fixdate such as "${IMF_FIXDATE_EXAMPLE}"`;
  if (!date.weekdayMatches) return `${date.dayName} is not the weekday of that date (${DAY_NAMES[new Date(date.ms).getUTCDay()]})`;
  return null;
}

// RFC 9110 §5.6.7: a two-digit year that appears to be more than 50 years in the future is the
// most recent year in the past that had the same last two digits.
function rfc850Year(twoDigits: number, nowMs: number): number {
  const thisYear = new Date(nowMs).getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + twoDigits;
  if (year > thisYear + 50) year -= 100;
  return year;
}

function build(format: DateFormat, p: Parts, names: readonly string[]): HttpDate | null {
  const month = MONTHS.indexOf(p.month as (typeof MONTHS)[number]);
  const day = Number(p.day);
  const hour = Number(p.hour);
  const minute = Number(p.minute);
  // time-of-day: 00:00:00 - 23:59:60 (leap second)
  const second = Number(p.second);
  if (day < 1 || day > daysIn(p.year, month) || hour > 23 || minute > 59 || second > 60) return null;
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  d.setUTCFullYear(p.year, month, day);
  d.setUTCHours(hour, minute, second, 0);
  const ms = d.getTime();
  return { ms, format, dayName: p.dayName, weekdayMatches: names.indexOf(p.dayName) === weekdayOf(p.year, month, day) };
}

function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d.getUTCDay();
}

function daysIn(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month + 1, 0);
  return d.getUTCDate();
}

/** An instant as an IMF-fixdate, for messages that show the harness clock. */
export function formatImfFixdate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAY_NAMES[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCFullYear(), 4)} ${time} GMT`;
}
