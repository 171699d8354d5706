// Content-Type by file extension. Extensions compare case-insensitively so `IMG.PNG` is still a
// PNG; anything unknown is plain octets.

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  webp: 'image/webp',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  xml: 'application/xml',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The Content-Type for a file name or path. */
export function contentTypeFor(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  // A leading dot (`.htaccess`) names a hidden file, not an extension.
  if (dot <= slash + 1) return DEFAULT_CONTENT_TYPE;
  return TYPES[name.slice(dot + 1).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}
