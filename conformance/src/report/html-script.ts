// report.html's script, inlined into the page. It builds one <details> per case from the embedded
// JSON and renders a case's body only when it is opened, so 2000 cases load fast. Every string
// from the report goes into the DOM as text (textContent, createTextNode), never as markup: the
// server under test controls much of it.
// Plain ES2017 in a String.raw literal: no backticks, and "${" only for the shared DOM helpers.

import { DOM_HELPERS } from './html-page.ts';

export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var STATUSES = ['fail', 'timeout', 'error', 'warn', 'pass', 'skip'];
  var LABEL = { fail: 'fail', timeout: 'timeout', error: 'error', warn: 'warn', pass: 'pass', skip: 'skip' };
  var AUTO_OPEN = { fail: true, timeout: true, error: true };
  // Opened on load: enough to start reading, few enough that the page stays short (Expand all opens the rest).
  var MAX_AUTO_OPEN = 20;
  var SHOW_CHARS = 6000;
  var HEX_BYTES = 4096;
  // Constants first: the first cases render before the rest of this function has run.
  var KIND = { write: 'sent', read: 'received', pause: 'pause', 'await-head': 'await', close: 'close', end: 'end', error: 'error' };
  var ENDS = { closed: 'the server closed the connection', reset: 'the connection was reset', open: 'still open when we stopped reading',
    timeout: 'the case hit its time limit', cap: 'stopped at the byte cap' };
  var TRUNC = /\.\.\. \((\d+) more (bytes|characters[^)]*)\)$/;

${DOM_HELPERS}
  function ms(x) { return (Math.round(x * 10) / 10).toFixed(1) + ' ms'; }

  // ---- the case list -------------------------------------------------------------------
  var list = document.getElementById('cases');
  var rank = {};
  STATUSES.forEach(function (s, i) { rank[s] = i; });
  var order = data.cases.map(function (c, i) { return i; });
  order.sort(function (a, b) { return rank[data.cases[a].status] - rank[data.cases[b].status] || a - b; });

  var rows = [];
  var opened = 0;
  order.forEach(function (i) {
    var c = data.cases[i];
    var d = el('details', 'case ' + c.status);
    d.id = 'case-' + c.id;
    var s = el('summary');
    add(s, el('span', 'badge ' + c.status, LABEL[c.status]), el('code', 'id', c.id), el('span', 'title', c.title),
      el('span', 'tag', c.label), el('span', 'tag', c.area), el('span', 'tag muted', ms(c.durationMs)));
    s.querySelector('.title').title = c.title;
    d.appendChild(s);
    var row = { c: c, d: d, rendered: false, hay: (c.id + ' ' + c.title).toLowerCase() };
    d.addEventListener('toggle', function () { if (d.open) renderOnce(row); });
    if (AUTO_OPEN[c.status] && opened < MAX_AUTO_OPEN) {
      opened++;
      d.open = true;
      renderOnce(row);
    }
    rows.push(row);
    list.appendChild(d);
  });

  function renderOnce(row) {
    if (row.rendered) return;
    row.rendered = true;
    row.d.appendChild(renderBody(row.c));
  }

  // ---- one case's body -----------------------------------------------------------------
  function section(title) {
    var s = el('section');
    s.appendChild(el('h3', null, title));
    return s;
  }

  function renderBody(c) {
    var body = el('div', 'body');

    var req = section('Requirement');
    add(req, el('div', null, c.rfc + ' \u00b7 ' + c.label + ' \u00b7 ' + c.area + (c.mode && c.mode !== 'as-written' ? ' \u00b7 mode ' + c.mode : '')));
    if (c.quote) req.appendChild(el('blockquote', null, c.quote));
    body.appendChild(req);

    var verdict = section('Verdict');
    verdict.appendChild(el('div', 'message', c.message));
    if (c.missing && c.missing.length) verdict.appendChild(el('div', 'muted', 'needs: ' + c.missing.join(', ')));
    body.appendChild(verdict);

    if (c.expected.length) {
      var ex = section('Expected (any one of) vs actual');
      var ul = el('ul', 'alts');
      c.expected.forEach(function (alt) {
        // A matched alternative is green only when it is an allowed outcome: a matched known-bad one is the failure.
        var li = el('li', alt.role === 'matched' && c.status !== 'pass' ? 'matched ' + c.status : alt.role);
        li.appendChild(el('span', 'role', alt.role === 'matched' ? 'matched' : alt.role === 'closest' ? 'closest' : ''));
        spans(li, alt.spans);
        ul.appendChild(li);
      });
      ex.appendChild(ul);
      if (c.status !== 'skip') {
        var act = el('div', 'actual mono');
        act.appendChild(el('span', 'role', 'actual'));
        spans(act, c.actual);
        ex.appendChild(act);
      }
      body.appendChild(ex);
    }

    if (c.wire.length || c.before) body.appendChild(renderWire(c));

    var rep = section('Reproduce');
    rep.className = 'repro';
    rep.appendChild(copyRow('harness', c.reproduce));
    rep.appendChild(copyRow('raw bytes', c.shell.command));
    c.shell.notes.forEach(function (n) { rep.appendChild(el('div', 'muted', n)); });
    body.appendChild(rep);
    return body;
  }

  function spans(parent, list) {
    list.forEach(function (s) {
      if (s[1]) parent.appendChild(el('mark', null, s[0]));
      else parent.appendChild(document.createTextNode(s[0]));
    });
  }

  function copyRow(label, text) {
    var row = el('div', 'row');
    var pre = el('pre', null, text);
    var b = el('button', 'tool', 'copy');
    b.type = 'button';
    b.title = 'copy the ' + label + ' command';
    b.addEventListener('click', function () {
      var done = function () { b.textContent = 'copied'; setTimeout(function () { b.textContent = 'copy'; }, 1200); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () { select(pre); });
      else select(pre);
    });
    add(row, el('span', 'tag', label), pre, b);
    return row;
  }
  function select(node) {
    var r = document.createRange();
    r.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }

  // ---- the wire transcript ---------------------------------------------------------------
  // A case's before: connections get a labelled table each, above the case's own connection.

  function renderWire(c) {
    var sec = section('Wire (' + (c.mode || 'as-written') + ')');
    var tools = el('div', 'wire-tools');
    var textBtn = el('button', 'tool', 'text');
    var hexBtn = el('button', 'tool', 'hex');
    textBtn.type = hexBtn.type = 'button';
    textBtn.setAttribute('aria-pressed', 'true');
    hexBtn.setAttribute('aria-pressed', 'false');
    add(tools, textBtn, hexBtn, el('span', 'muted', 'times are from the connection\'s start; + is the gap since the previous step'));
    sec.appendChild(tools);
    var holder = el('div');
    sec.appendChild(holder);
    var show = function (hex) {
      textBtn.setAttribute('aria-pressed', String(!hex));
      hexBtn.setAttribute('aria-pressed', String(hex));
      holder.textContent = '';
      (c.before || []).forEach(function (s) {
        holder.appendChild(el('div', 'wire-label', s.label));
        holder.appendChild(wireTable(s.wire, hex));
      });
      if (c.before) holder.appendChild(el('div', 'wire-label', c.wire.length ? 'The case\'s connection' : 'The case\'s connection was not opened'));
      if (c.wire.length) holder.appendChild(wireTable(c.wire, hex));
    };
    textBtn.addEventListener('click', function () { show(false); });
    hexBtn.addEventListener('click', function () { show(true); });
    show(false);
    return sec;
  }

  function wireTable(wire, hex) {
    var t = el('table', 'wire');
    var prev = 0;
    wire.forEach(function (e) {
      var tr = el('tr', e.kind === 'await-head' ? 'await' : e.kind);
      var gap = e.atMs - prev;
      prev = e.atMs;
      add(tr, el('td', 't mono', ms(e.atMs)), el('td', 't mono', '+' + ms(gap)), el('td', 'k', KIND[e.kind] || e.kind));
      var td = el('td');
      if (e.kind === 'write' || e.kind === 'read') td.appendChild(hex ? hexBlock(e.text) : textBlock(e.text));
      else if (e.kind === 'pause') td.textContent = 'waited ' + e.ms + ' ms before the next step';
      else if (e.kind === 'await-head') td.textContent = 'waited ' + ms(e.waitedMs) + ' (at most ' + e.maxMs + ' ms) for a response head: ' + (e.arrived ? 'one arrived' : 'none arrived');
      else if (e.kind === 'close') td.textContent = e.how === 'fin' ? 'we half-closed (FIN); still reading' : 'we reset the connection (RST)';
      else if (e.kind === 'end') td.textContent = ENDS[e.how] || e.how;
      else if (e.kind === 'error') td.textContent = e.code + ': ' + e.message;
      tr.appendChild(td);
      t.appendChild(tr);
    });
    return t;
  }


  // Escaped text with the escapes dimmed and a line break after each \n.
  function textBlock(text) {
    var box = el('pre', 'bytes');
    var render = function (limit) {
      box.textContent = '';
      var shown = text.length > limit ? text.slice(0, limit) : text;
      var re = /\\x[0-9a-fA-F]{2}|\\[rnt0\\]/g;
      var at = 0;
      var m;
      while ((m = re.exec(shown)) !== null) {
        if (m.index > at) box.appendChild(document.createTextNode(shown.slice(at, m.index)));
        box.appendChild(el('span', 'esc', m[0]));
        if (m[0] === '\\n') box.appendChild(document.createTextNode('\n'));
        at = m.index + m[0].length;
      }
      if (at < shown.length) box.appendChild(document.createTextNode(shown.slice(at)));
      if (shown.length < text.length) {
        var more = el('button', 'tool more', 'show all ' + text.length + ' characters');
        more.type = 'button';
        more.addEventListener('click', function () { render(Infinity); });
        box.appendChild(document.createTextNode('\n'));
        box.appendChild(more);
      }
    };
    render(SHOW_CHARS);
    return box;
  }

  function unescape(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var ch = text.charCodeAt(i);
      if (ch !== 92 || i + 1 >= text.length) { out.push(ch & 255); continue; }
      var n = text[++i];
      if (n === 'r') out.push(13);
      else if (n === 'n') out.push(10);
      else if (n === 't') out.push(9);
      else if (n === '0') out.push(0);
      else if (n === 'x') { out.push(parseInt(text.slice(i + 1, i + 3), 16)); i += 2; }
      else out.push(n.charCodeAt(0) & 255);
    }
    return out;
  }

  function hex2(b) { return (b < 16 ? '0' : '') + b.toString(16); }

  function hexBlock(text) {
    var cut = TRUNC.exec(text);
    var bytes = unescape(cut ? text.slice(0, cut.index) : text);
    var lines = [];
    var n = Math.min(bytes.length, HEX_BYTES);
    for (var off = 0; off < n; off += 16) {
      var h = '';
      var a = '';
      for (var j = 0; j < 16; j++) {
        var b = bytes[off + j];
        if (off + j < n) {
          h += hex2(b) + ' ';
          a += b >= 32 && b < 127 ? String.fromCharCode(b) : '.';
        } else h += '   ';
        if (j === 7) h += ' ';
      }
      lines.push(('0000000' + off.toString(16)).slice(-8) + '  ' + h + ' |' + a + '|');
    }
    if (bytes.length > n) lines.push('... ' + (bytes.length - n) + ' more bytes (text view shows them)');
    if (cut) lines.push('... ' + cut[1] + ' more ' + cut[2].split(' ')[0] + ' not kept in this page');
    return el('pre', 'bytes', lines.join('\n'));
  }

  // ---- filters ---------------------------------------------------------------------------
  var active = {};
  STATUSES.forEach(function (s) { active[s] = true; });
  var areaSel = document.getElementById('f-area');
  var levelSel = document.getElementById('f-level');
  var search = document.getElementById('f-search');
  var shownOut = document.getElementById('f-shown');
  var empty = document.getElementById('no-match');

  Array.prototype.forEach.call(document.querySelectorAll('button.status'), function (b) {
    b.addEventListener('click', function () {
      var s = b.getAttribute('data-status');
      active[s] = !active[s];
      b.setAttribute('aria-pressed', String(active[s]));
      apply();
    });
  });
  areaSel.addEventListener('change', apply);
  levelSel.addEventListener('change', apply);
  search.addEventListener('input', apply);
  document.getElementById('f-expand').addEventListener('click', function () { setOpen(true); });
  document.getElementById('f-collapse').addEventListener('click', function () { setOpen(false); });
  document.getElementById('f-reset').addEventListener('click', function () {
    STATUSES.forEach(function (s) { active[s] = true; });
    Array.prototype.forEach.call(document.querySelectorAll('button.status'), function (b) { b.setAttribute('aria-pressed', 'true'); });
    areaSel.value = levelSel.value = search.value = '';
    apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll('tr[data-filter]'), function (tr) {
    tr.addEventListener('click', function () {
      var kind = tr.getAttribute('data-filter');
      var sel = kind === 'area' ? areaSel : levelSel;
      sel.value = sel.value === tr.getAttribute('data-value') ? '' : tr.getAttribute('data-value');
      apply();
      list.scrollIntoView({ block: 'start' });
    });
  });

  function matches(row) {
    var c = row.c;
    var q = search.value.trim().toLowerCase();
    return active[c.status] && (!areaSel.value || c.area === areaSel.value) && (!levelSel.value || c.level === levelSel.value) &&
      (!q || row.hay.indexOf(q) !== -1);
  }
  function apply() {
    var n = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
      row.d.hidden = !ok;
      if (ok) n++;
    });
    shownOut.textContent = n + ' of ' + rows.length + ' cases';
    empty.hidden = n !== 0;
  }
  // Opening renders bodies: only do it for what the filters show, at most a few hundred at once.
  function setOpen(open) {
    var count = 0;
    rows.forEach(function (row) {
      if (row.d.hidden) return;
      if (open && count++ >= 300) return;
      row.d.open = open;
    });
  }

  function openFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var d = document.getElementById(id.indexOf('case-') === 0 ? id : 'case-' + id);
    if (d && d.tagName === 'DETAILS') {
      d.hidden = false;
      d.open = true;
      d.scrollIntoView({ block: 'start' });
    }
  }
  window.addEventListener('hashchange', openFromHash);
  apply();
  openFromHash();
})();
`;
