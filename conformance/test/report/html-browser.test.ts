// report.html in a real headless browser (Debian's chromium), through scripts/screenshot-report.sh:
// the page must render to a non-trivial picture, and its script must build the filter bar and
// the case list with the failed case first and open. Skipped where chromium is not installed.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { htmlReporter } from '../../src/report/html-reporter.ts';
import { EVIL_HEADER } from './hostile-server.ts';
import { realReport, reportWithBefore } from './sample-reports.ts';

// Rejects on a failed run, as the checks want; the whole DOM comes back as stdout.
const run = (file: string, args: readonly string[], o: { timeout: number; maxBuffer?: number }) => execa(file, args, o);
const CHROMIUM = '/usr/bin/chromium';
const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/screenshot-report.sh');
const hasChromium = existsSync(CHROMIUM);
const SKIP_REASON = `${CHROMIUM} is not installed (apt-get install -y chromium to run the browser check)`;

describe('report.html in headless chromium', () => {
  let dir = '';
  let page = '';

  beforeAll(async () => {
    if (!hasChromium) return;
    dir = await mkdtemp(path.join(os.tmpdir(), 'html-browser-'));
    const files = await htmlReporter().onEnd(await realReport(), dir);
    page = files[0] ?? '';
  }, 60_000);

  it('renders to a PNG of more than 10 KB', async (ctx) => {
    if (!hasChromium) ctx.skip(SKIP_REASON);
    const png = path.join(dir, 'shot.png');
    await run('bash', [SCRIPT, page, png, '1280x2000'], { timeout: 60_000 });
    const bytes = await readFile(png);
    expect(bytes.subarray(0, 8).equals(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))).toBe(true);
    expect((await stat(png)).size).toBeGreaterThan(10 * 1024);
  }, 90_000);

  it('builds the filters and the case list, failed case first and open, hostile bytes as text', async (ctx) => {
    if (!hasChromium) ctx.skip(SKIP_REASON);
    const { stdout: dom } = await run('bash', [SCRIPT, '--dump-dom', page], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    for (const id of ['f-search', 'f-area', 'f-level']) expect(dom).toContain(`id="${id}"`);
    expect(dom).toContain('data-status="fail"');
    expect(dom).toContain('6 of 6 cases');
    const firstCase = /<details class="case (\w+)" id="case-([\w-]+)"( open="")?>/.exec(dom);
    expect(firstCase?.slice(1)).toEqual(['fail', 't-fail-evil', ' open=""']);
    const details = [...dom.matchAll(/<details class="case (\w+)" id="case-([\w-]+)"/g)].map((m) => m[1]);
    expect(details).toEqual(['fail', 'timeout', 'warn', 'pass', 'pass', 'skip']);
    // The open case's body was rendered, with the bytes the server sent shown as text.
    expect(dom).toContain('X-Evil: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(dom).not.toContain(EVIL_HEADER);
    expect(dom).toContain('| nc -q 2 127.0.0.1 ');
  }, 90_000);

  it('shows a labelled table per side connection above the case\'s own, in text and in hex', async (ctx) => {
    if (!hasChromium) ctx.skip(SKIP_REASON);
    const sideDir = await mkdtemp(path.join(os.tmpdir(), 'html-browser-sides-'));
    const [sidePage] = await htmlReporter().onEnd(reportWithBefore(), sideDir);
    // Count what the open case shows, switch it to hex, count again.
    const drive = `<script>
      var d = document.getElementById('case-conn-stalled-sides');
      var count = function () {
        return [d.querySelectorAll('.wire-label').length, d.querySelectorAll('table.wire').length].join(',');
      };
      var labels = Array.prototype.map.call(d.querySelectorAll('.wire-label'), function (l) { return l.textContent.split(',')[0]; }).join('|');
      var text = count();
      Array.prototype.filter.call(d.querySelectorAll('button.tool'), function (b) { return b.textContent === 'hex'; })[0].click();
      document.body.setAttribute('data-sides', labels + ';' + text + ';' + count());
    </script></body>`;
    const driven = path.join(sideDir, 'driven.html');
    await writeFile(driven, (await readFile(sidePage!, 'utf8')).replace('</body>', drive));
    const { stdout: dom } = await run('bash', [SCRIPT, '--dump-dom', driven], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    expect(dom).toContain('data-sides="connection &quot;stalled&quot;|connection &quot;aborted&quot;|The case\'s connection;3,3;3,3"');
    // Hex view of the stalled write: `GET /hello.txt HTTP/1.1\r\nHo` is 27 bytes, the first line of its dump.
    expect(dom).toContain('00000000  47 45 54 20 2f 68 65 6c  6c 6f 2e 74 78 74 20 48  |GET /hello.txt H|');
    expect(dom).toContain('00000010  54 54 50 2f 31 2e 31 0d  0a 48 6f');
  }, 90_000);

  it('filters by status, area and search text', async (ctx) => {
    if (!hasChromium) ctx.skip(SKIP_REASON);
    // Drive the filter bar as a person would, from a script appended to a copy of the page.
    const drive = `<script>
      document.querySelector('button[data-status="pass"]').click();
      var area = document.getElementById('f-area'); area.value = 'request-line'; area.dispatchEvent(new Event('change'));
      var before = document.getElementById('f-shown').textContent;
      area.value = ''; area.dispatchEvent(new Event('change'));
      var q = document.getElementById('f-search'); q.value = 'SLOW'; q.dispatchEvent(new Event('input'));
      document.body.setAttribute('data-before', before);
    </script></body>`;
    const driven = path.join(dir, 'driven.html');
    await writeFile(driven, (await readFile(page, 'utf8')).replace('</body>', drive));
    const { stdout: dom } = await run('bash', [SCRIPT, '--dump-dom', driven], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    // Passes hidden: request-line's two cases are both passes, so nothing is left there.
    expect(dom).toContain('data-before="0 of 6 cases"');
    expect(dom).toContain('1 of 6 cases');
    const visible = [...dom.matchAll(/<details class="case \w+" id="case-([\w-]+)"(?![^>]*hidden)/g)].map((m) => m[1]);
    expect(visible).toEqual(['t-timeout-slow']);
    expect(dom).toMatch(/<p class="empty" id="no-match" hidden="">/);
  }, 90_000);
});
