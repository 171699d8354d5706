// compare.html's script, inlined into the page. It builds the case matrix from the embedded JSON,
// expands a cell into that target's verdict on click, and filters rows. Every string from the
// data goes into the DOM as text (textContent, createTextNode), never as markup: servers under
// test control much of it.
// Plain ES2017 in a String.raw literal: no backticks, and "${" only for the shared DOM helpers.

import { DOM_HELPERS } from '../report/html-page.ts';

export const COMPARE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('compare-data').textContent);
  var GLYPH = { pass: '\u2713', warn: '!', fail: '\u2717', timeout: 'T', skip: '\u2013', error: 'E' };
  var TIP_CHARS = 240;

${DOM_HELPERS}
  function clip(s, n) { return s.length > n ? s.slice(0, n) + '...' : s; }

  // ---- the matrix ------------------------------------------------------------------------
  var body = document.getElementById('matrix-body');
  var columns = 3 + data.targets.length;
  var rows = [];
  data.rows.forEach(function (r, index) {
    var tr = el('tr', r.disagree ? 'disagree' : null);
    tr.id = 'case-' + r.key.replace(/\s+/g, '_');
    tr.setAttribute('data-row', String(index));
    var head = el('td', 'case');
    head.setAttribute('data-t', 'all');
    head.setAttribute('role', 'button');
    head.setAttribute('aria-expanded', 'false');
    head.tabIndex = 0;
    head.title = r.key + ': ' + r.title;
    add(head, el('code', null, r.id), r.key !== r.id ? el('span', 'tag', r.key.slice(r.id.length + 1)) : null, el('span', 'title', r.title));
    add(tr, head, el('td', 'meta', r.area), el('td', 'meta', r.level));
    r.cells.forEach(function (c, i) {
      var name = data.targets[i].name;
      var td = el('td', 'cell ' + (c ? c.status : 'none'), c ? GLYPH[c.status] : '\u00b7');
      td.title = c ? name + ': ' + c.status + ' \u2014 ' + clip(c.message, TIP_CHARS) : name + ' did not run';
      if (c) {
        td.setAttribute('data-t', String(i));
        td.setAttribute('role', 'button');
        td.setAttribute('aria-expanded', 'false');
        td.tabIndex = 0;
      }
      tr.appendChild(td);
    });
    rows.push({ r: r, tr: tr, detail: null, shown: null, hay: (r.key + ' ' + r.title).toLowerCase() });
    body.appendChild(tr);
  });

  function activate(target) {
    var td = target.closest ? target.closest('td[data-t]') : null;
    if (!td || !body.contains(td)) return;
    var row = rows[Number(td.parentNode.getAttribute('data-row'))];
    if (row) toggle(row, td.getAttribute('data-t'));
  }
  body.addEventListener('click', function (e) { activate(e.target); });
  body.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    activate(e.target);
  });

  // One detail row under a case: one target's verdict, or every target's ('all').
  function toggle(row, which) {
    Array.prototype.forEach.call(row.tr.querySelectorAll('[aria-expanded="true"]'), function (x) { x.setAttribute('aria-expanded', 'false'); });
    if (row.shown === which) {
      row.detail.parentNode.removeChild(row.detail);
      row.detail = null;
      row.shown = null;
      return;
    }
    var tr = el('tr', 'detail');
    var td = el('td');
    td.colSpan = columns;
    td.appendChild(requirement(row.r));
    if (which === 'all') row.r.cells.forEach(function (c, i) { if (c) td.appendChild(cellDetail(row.r, i)); });
    else td.appendChild(cellDetail(row.r, Number(which)));
    tr.appendChild(td);
    if (row.detail) row.detail.parentNode.replaceChild(tr, row.detail);
    else row.tr.parentNode.insertBefore(tr, row.tr.nextSibling);
    row.detail = tr;
    row.shown = which;
    var cell = row.tr.querySelector('[data-t="' + which + '"]');
    if (cell) cell.setAttribute('aria-expanded', 'true');
  }

  function requirement(r) {
    var d = el('div', 'requirement');
    add(d, el('div', 'message', r.key + ': ' + r.title), el('div', 'muted', r.rfc + ' \u00b7 ' + r.level + ' \u00b7 ' + r.area));
    if (r.quote) d.appendChild(el('blockquote', null, r.quote));
    return d;
  }

  function cellDetail(r, i) {
    var c = r.cells[i];
    var box = el('div', 'cell-detail');
    add(box, add(el('div', 'head'), el('span', 'badge ' + c.status, c.status), el('b', null, data.targets[i].name)));
    box.appendChild(el('div', 'message', c.message));
    var expected = c.expected || r.expected;
    if (expected.length) {
      box.appendChild(el('h3', null, 'Expected (any one of)'));
      var ul = el('ul', 'alts');
      expected.forEach(function (e, k) {
        var role = k === c.matched ? 'matched' : c.matched === null && c.status !== 'skip' && k === c.closest ? 'closest' : '';
        // A matched known-bad (fail) or discouraged (warn) alternative is not shown green.
        var cls = role === 'matched' && c.status !== 'pass' ? 'matched ' + c.status : role;
        ul.appendChild(add(el('li', cls || null), el('span', 'role', role), document.createTextNode(e)));
      });
      box.appendChild(ul);
    }
    if (c.status !== 'skip') {
      box.appendChild(el('h3', null, 'Actual'));
      box.appendChild(add(el('div', 'actual mono'), el('span', 'role', 'actual'), document.createTextNode(c.actual || '(nothing)')));
    }
    box.appendChild(el('h3', null, 'Reproduce'));
    box.appendChild(el('pre', null, c.reproduce));
    return box;
  }

  // ---- filters ---------------------------------------------------------------------------
  var disagreeBtn = document.getElementById('f-disagree');
  var areaSel = document.getElementById('f-area');
  var levelSel = document.getElementById('f-level');
  var statusSel = document.getElementById('f-status');
  var search = document.getElementById('f-search');
  var shownOut = document.getElementById('f-shown');
  var empty = document.getElementById('no-match');
  var onlyDisagree = false;

  function setDisagree(on) {
    onlyDisagree = on;
    disagreeBtn.setAttribute('aria-pressed', String(on));
  }
  disagreeBtn.addEventListener('click', function () { setDisagree(!onlyDisagree); apply(); });
  areaSel.addEventListener('change', apply);
  levelSel.addEventListener('change', apply);
  statusSel.addEventListener('change', apply);
  search.addEventListener('input', apply);
  document.getElementById('f-reset').addEventListener('click', function () {
    setDisagree(false);
    areaSel.value = levelSel.value = statusSel.value = search.value = '';
    apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll('tr[data-filter]'), function (tr) {
    tr.addEventListener('click', function () {
      var sel = tr.getAttribute('data-filter') === 'area' ? areaSel : levelSel;
      sel.value = sel.value === tr.getAttribute('data-value') ? '' : tr.getAttribute('data-value');
      apply();
      document.getElementById('filters').scrollIntoView({ block: 'start' });
    });
  });

  function matches(row) {
    var r = row.r;
    var q = search.value.trim().toLowerCase();
    var st = statusSel.value;
    return (!onlyDisagree || r.disagree) && (!areaSel.value || r.area === areaSel.value) && (!levelSel.value || r.level === levelSel.value) &&
      (!st || r.cells.some(function (c) { return c && c.status === st; })) && (!q || row.hay.indexOf(q) !== -1);
  }
  function apply() {
    var n = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
      row.tr.hidden = !ok;
      if (row.detail) row.detail.hidden = !ok;
      if (ok) n++;
    });
    shownOut.textContent = n + ' of ' + rows.length + ' cases';
    empty.hidden = n !== 0;
  }

  function openFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var tr = document.getElementById(id.indexOf('case-') === 0 ? id : 'case-' + id);
    var row = tr ? rows[Number(tr.getAttribute('data-row'))] : null;
    if (!row) return;
    tr.hidden = false;
    if (row.shown !== 'all') toggle(row, 'all');
    tr.scrollIntoView({ block: 'start' });
  }
  window.addEventListener('hashchange', openFromHash);
  apply();
  openFromHash();
})();
`;
