// A small, strict XML 1.0 reader for tests: it rejects what a real parser rejects in the
// documents our reporters write (bad characters, stray `<` or `&`, unquoted or duplicate
// attributes, mismatched tags, text after the root) and returns the element tree to query.

export type XmlElement = { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(doc: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    const line = doc.slice(0, i).split('\n').length;
    throw new Error(`not well-formed XML at line ${line}: ${why}`);
  };

  for (const ch of doc) {
    const cp = ch.codePointAt(0)!;
    const ok = cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    if (!ok) fail(`character U+${cp.toString(16)} is not allowed`);
  }

  const isNameChar = (c: string | undefined): boolean =>
    c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === ':' || c === '.');
  const skipSpace = (): void => {
    while (doc[i] === ' ' || doc[i] === '\n' || doc[i] === '\r' || doc[i] === '\t') i++;
  };
  const name = (): string => {
    const start = i;
    while (isNameChar(doc[i])) i++;
    if (i === start) fail('expected a name');
    return doc.slice(start, i);
  };
  const reference = (): string => {
    const end = doc.indexOf(';', i);
    if (end === -1 || end - i > 10) fail('& without a reference');
    const body = doc.slice(i + 1, end);
    i = end + 1;
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    const e = ENTITIES[body];
    if (e === undefined) fail(`unknown entity &${body};`);
    return e!;
  };
  const text = (stop: string): string => {
    let out = '';
    while (i < doc.length && doc[i] !== stop) {
      if (doc[i] === '&') out += reference();
      else if (stop !== '<' && doc[i] === '<') fail('< inside an attribute value');
      else {
        if (doc.startsWith(']]>', i)) fail(']]> in text');
        out += doc[i++];
      }
    }
    return out;
  };
  const element = (): XmlElement => {
    if (doc[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (doc.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (doc[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('attributes must be separated by space');
      const key = name();
      if (key in el.attrs) fail(`duplicate attribute ${key}`);
      skipSpace();
      if (doc[i] !== '=') fail(`attribute ${key} without =`);
      i++;
      skipSpace();
      const q = doc[i];
      if (q !== '"' && q !== "'") fail(`attribute ${key} is not quoted`);
      i++;
      el.attrs[key] = text(q!);
      if (doc[i] !== q) fail('unterminated attribute');
      i++;
    }
    for (;;) {
      el.text += text('<');
      if (i >= doc.length) fail(`<${el.name}> is never closed`);
      if (doc.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (doc[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      if (doc.startsWith('<!--', i)) {
        const end = doc.indexOf('-->', i);
        if (end === -1) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      el.children.push(element());
    }
  };

  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end === -1) fail('unterminated declaration');
    i = end + 2;
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== doc.length) fail('content after the root element');
  return root;
}

/** Every descendant element named `name`, depth first. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
