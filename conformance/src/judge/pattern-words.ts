// Regular expressions are how cases say "a list holding the close token" or "a media type of
// text/plain", but a student reading a verdict should not have to read `(^|,)\s*close\s*(,|$)`.
// The shapes the corpus uses are put into words; any other pattern is shown as a pattern.

const TOKEN_IN_LIST = /^\(\^\|,\)\\s\*(.+)\\s\*\(,\|\$\)$/;
const MEDIA_TYPE = /^\^(.+)\\s\*\(;\|\$\)$/;
const WORD = /^\\b(.+)\\b$/;
const LOCATION = /^\^\(https\?:\/\/\[\^\/\]\+\)\?(.+)\$$/;

/** The pattern as a phrase that completes "expected ...": `the token "close" in its list`. */
export function patternInWords(pattern: string): string {
  const token = TOKEN_IN_LIST.exec(pattern)?.[1];
  if (token !== undefined && literal(token) !== null) return `a list holding the token "${literal(token)}"`;
  const media = MEDIA_TYPE.exec(pattern)?.[1];
  if (media !== undefined) {
    const options = expand(media).map(literal);
    if (options.length > 0 && options.every((o) => o !== null)) return `the media type ${options.join(' or ')}`;
  }
  const path = LOCATION.exec(pattern)?.[1];
  if (path !== undefined && literal(path) !== null) return `the path ${literal(path)} (alone, or after a scheme and host)`;
  if (pattern === '\\S') return 'a value that is not empty';
  const word = WORD.exec(pattern)?.[1];
  if (word !== undefined && literal(word) !== null) return `the word "${literal(word)}"`;
  const anchoredStart = pattern.startsWith('^');
  const anchoredEnd = pattern.endsWith('$') && !pattern.endsWith('\\$');
  const core = literal(pattern.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined));
  if (core !== null) {
    if (anchoredStart && anchoredEnd) return `exactly "${core}"`;
    if (anchoredStart) return `a value starting with "${core}"`;
    if (anchoredEnd) return `a value ending with "${core}"`;
    return `a value containing "${core}"`;
  }
  return `a value matching the pattern /${pattern}/`;
}

/** One group of alternatives, optional or not, spelled out: `a/(x-)?b` gives `a/x-b`, `a/b`. */
function expand(pattern: string): string[] {
  const m = /^([^()]*)\(([^()]+)\)(\?)?([^()]*)$/.exec(pattern);
  if (m === null) return [pattern];
  const options = m[2]!.split('|');
  if (m[3] === '?') options.push('');
  return options.map((o) => `${m[1]}${o}${m[4]}`);
}

/** The text a pattern matches when it has no operators (escaped punctuation allowed), else null. */
function literal(pattern: string): string | null {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return null;
      out += next;
      i++;
    } else if ('^$.*+?()[]{}|'.includes(ch)) {
      return null;
    } else {
      out += ch;
    }
  }
  return out;
}
