// Finding `{placeholder}`s in case text. Only lower-case letters and dashes inside braces form a
// placeholder (cases/README.md); any other brace is a literal octet, so regex quantifiers such
// as `{2,3}` and JSON bodies pass through untouched.

import { PLACEHOLDERS, type Placeholder } from './types.ts';

export const PLACEHOLDER_PATTERN = /\{([a-z-]+)\}/g;

export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** Every `{word}` in the text, known or not, in order of appearance. */
export function placeholderNames(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER_PATTERN), (m) => m[1]!);
}

export function unknownPlaceholders(text: string): string[] {
  return placeholderNames(text).filter((name) => !isPlaceholder(name));
}
