// Placeholders replaced by the target's values, in request bytes and in expectation strings
// (cases/README.md, Bytes). Expansion is one pass, so a value containing braces stays literal.

import { canaryRequest } from './canary.ts';
import { PLACEHOLDER_PATTERN, isPlaceholder, placeholderNames } from './placeholders.ts';
import { PLACEHOLDERS, type Case, type Placeholder, type PlaceholderValues, type ResponseMatcher, type SendStep } from './types.ts';

/** Replaces every known placeholder; throws when one has no value (check `missingPlaceholders`). */
export function expandText(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER_PATTERN, (whole, name: string) => (isPlaceholder(name) ? valueOf(name, values) : whole));
}

/** As `expandText`, for a regular expression: the values are matched literally. */
export function expandPattern(pattern: string, values: PlaceholderValues): string {
  return pattern.replace(PLACEHOLDER_PATTERN, (whole, name: string) =>
    isPlaceholder(name) ? valueOf(name, values).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') : whole,
  );
}

function valueOf(name: Placeholder, values: PlaceholderValues): string {
  if (name === 'canary') return canaryRequest(valueOf('host', values));
  const v = placeholderValue(name, values);
  if (v === undefined) throw new Error(`no value for placeholder {${name}}`);
  return v;
}

/** The value a placeholder stands for with these target values, if it has one. */
export function placeholderValue(name: Exclude<Placeholder, 'canary'>, values: PlaceholderValues): string | undefined {
  if (name === 'etag-opaque') {
    const given = values['etag-opaque'];
    if (given !== undefined) return given;
    return values.etag === undefined ? undefined : opaqueTag(values.etag);
  }
  return values[name];
}

/**
 * RFC 9110 §8.8.3: entity-tag = [ weak ] opaque-tag, opaque-tag = DQUOTE *etagc DQUOTE. The
 * opaque-tag's characters without the weakness prefix and the quotes, so that a case can write
 * `W/"{etag-opaque}"` or an unquoted tag. A value that is not an entity-tag loses only what of
 * that shape it has.
 */
export function opaqueTag(etag: string): string {
  const tag = etag.trim().replace(/^W\//, '');
  return tag.length >= 2 && tag.startsWith('"') && tag.endsWith('"') ? tag.slice(1, -1) : tag;
}

/** Every placeholder the case uses, in its writes (its side connections' too) or its expectations. */
export function casePlaceholders(c: Case): Placeholder[] {
  const used = new Set<string>();
  const add = (text: string): void => {
    for (const name of placeholderNames(text)) used.add(name);
  };
  const addSteps = (steps: SendStep[]): void => {
    for (const step of steps) if (step.kind === 'write') for (const part of step.parts) add(part.text);
  };
  const addMatcher = (m: ResponseMatcher): void => {
    for (const h of Object.values(m.headers).flat()) {
      if (h.kind === 'equals' || h.kind === 'contains') add(h.value);
      if (h.kind === 'matches') add(h.pattern);
    }
    for (const b of m.body) {
      if (b.kind === 'exact' || b.kind === 'contains') add(b.value);
      if (b.kind === 'matches') add(b.pattern);
      if (b.kind === 'excludes') b.values.forEach(add);
    }
  };
  addSteps(c.send);
  for (const side of c.before ?? []) addSteps(side.send);
  for (const alt of c.expect) {
    alt.responses.forEach(addMatcher);
    alt.interimResponses?.forEach(addMatcher);
  }
  // The canary request carries the Host value.
  if (used.has('canary')) used.add('host');
  return PLACEHOLDERS.filter((p) => used.has(p));
}

/** The placeholders this case needs that the target gave no value for: the case is skipped. */
export function missingPlaceholders(c: Case, values: PlaceholderValues): Placeholder[] {
  return casePlaceholders(c).filter((p) => p !== 'canary' && placeholderValue(p, values) === undefined);
}
