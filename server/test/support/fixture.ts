// A throwaway docroot with the files the tests ask for, a marker file beside it that must never
// be served, and a server on 127.0.0.1 port 0 that serves it.

import { mkdtemp, mkdir, rm, symlink, utimes, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { startServer } from '../../src/server.ts';
import type { RunningServer, ServerOptions } from '../../src/server.ts';

export const MARKER = 'OUTSIDE-DOCROOT-MARKER';
export const HELLO = 'Hello, world!\n';
export const LARGE_SIZE = 5 * 1024 * 1024;

export type Fixture = {
  dir: string;
  root: string;
  server: RunningServer;
  port: number;
  large: Buffer;
  cleanup(): Promise<void>;
};

function pseudoRandom(size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = 0x12345678;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return buf;
}

export async function startFixture(options: Partial<ServerOptions> = {}): Promise<Fixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ref-server-'));
  const root = path.join(dir, 'docroot');
  await mkdir(path.join(root, 'dir'), { recursive: true });
  await mkdir(path.join(root, 'noindex'));
  await writeFile(path.join(dir, 'outside.txt'), `${MARKER}\n`);
  await writeFile(path.join(root, 'hello.txt'), HELLO);
  await writeFile(path.join(root, 'canary.txt'), 'canary\n');
  await writeFile(path.join(root, 'hello world.txt'), 'spaced\n');
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>root</title>\n');
  await writeFile(path.join(root, 'dir', 'index.html'), '<!doctype html><title>dir</title>\n');
  await writeFile(path.join(root, 'noindex', 'a.txt'), 'a\n');
  await writeFile(path.join(root, 'style.css'), 'body{}\n');
  await writeFile(path.join(root, 'app.js'), 'void 0;\n');
  await writeFile(path.join(root, 'data.json'), '{}\n');
  await writeFile(path.join(root, 'img.png'), Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
  await writeFile(path.join(root, 'IMG2.PNG'), Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
  await writeFile(path.join(root, 'photo.jpg'), 'jpg');
  await writeFile(path.join(root, 'anim.gif'), 'GIF89a');
  await writeFile(path.join(root, 'icon.svg'), '<svg/>');
  await writeFile(path.join(root, 'favicon.ico'), 'ico');
  await writeFile(path.join(root, 'doc.pdf'), '%PDF-1.4');
  await writeFile(path.join(root, 'mod.wasm'), '\0asm');
  await writeFile(path.join(root, 'blob.xyz'), 'xyz');
  await writeFile(path.join(root, 'empty.txt'), '');
  await writeFile(path.join(root, 'secret.txt'), 'secret\n');
  await chmod(path.join(root, 'secret.txt'), 0o000);
  await writeFile(path.join(root, 'future.txt'), 'future\n');
  const tomorrow = new Date(Date.now() + 86_400_000);
  await utimes(path.join(root, 'future.txt'), tomorrow, tomorrow);
  const large = pseudoRandom(LARGE_SIZE);
  await writeFile(path.join(root, 'large.bin'), large);
  await symlink(dir, path.join(root, 'link-out'));
  await symlink(path.join(dir, 'outside.txt'), path.join(root, 'outside-link.txt'));
  await symlink(path.join(root, 'dir'), path.join(root, 'alias'));

  const server = await startServer({ host: '127.0.0.1', port: 0, root, ...options });
  return {
    dir,
    root,
    server,
    port: server.port,
    large,
    async cleanup() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `GET <target>` with the usual Host line. */
export function get(target: string, extra = '', method = 'GET'): string {
  return `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;
}
