// Slipway dashboard: polls the operator's JSON and updates the tables in place.
// Every value from the API is user input: it only ever reaches the page through textContent,
// title, or (for http/https URLs) an href. Never innerHTML.
(function () {
  'use strict';

  var POLL_MS = 4000;
  var TONES = { ok: true, busy: true, bad: true, idle: true };
  var lastOk = null;
  var filterInput;

  function node(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function toneClass(tone) {
    return 'tone-' + (TONES[tone] ? tone : 'idle');
  }

  /** A link only for http(s) URLs: the server decided already, the page checks again. */
  function safeHref(href) {
    if (typeof href !== 'string' || !/^https?:\/\//i.test(href)) return null;
    try {
      var u = new URL(href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? href : null;
    } catch (e) {
      return null;
    }
  }

  function linkCell(link) {
    var td = node('td');
    if (!link) return td;
    var href = safeHref(link.href);
    if (!href) {
      td.appendChild(node('span', 'mono', link.text));
      return td;
    }
    var a = node('a', null, link.text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    td.appendChild(a);
    return td;
  }

  function phaseCell(phase) {
    var td = node('td');
    if (!phase) return td;
    td.appendChild(node('span', 'badge ' + toneClass(phase.tone), phase.phase));
    if (phase.message) td.appendChild(node('div', 'msg', phase.message));
    return td;
  }

  function timeSpan(time, prefixWhenPast) {
    if (!time) return null;
    var text = time.relative;
    if (prefixWhenPast && / ago$/.test(text)) text = prefixWhenPast + ' ' + text;
    var span = node('span', 'when', text);
    var d = new Date(time.at);
    span.title = isNaN(d.getTime()) ? time.at : d.toLocaleString() + ' (' + time.at + ')';
    return span;
  }

  function timeCell(time, prefixWhenPast) {
    var td = node('td');
    var span = timeSpan(time, prefixWhenPast);
    if (span) td.appendChild(span);
    return td;
  }

  function resultCell(result) {
    var td = node('td');
    if (!result) {
      td.appendChild(node('span', 'muted', 'not yet'));
      return td;
    }
    td.appendChild(node('span', 'badge ' + toneClass(result.tone), result.result));
    var when = timeSpan(result.at);
    if (when) {
      td.appendChild(document.createTextNode(' '));
      td.appendChild(when);
    }
    if (result.message) td.appendChild(node('div', 'msg', result.message));
    return td;
  }

  /** Estimated cost: per hour now, or per month with the saving; how it was reckoned on hover. */
  function costCell(cost, which) {
    var td = node('td', 'num');
    if (!cost) return td;
    var value = which === 'hourly' ? cost.hourly : cost.monthly;
    if (which === 'monthly' && value && cost.saving) value += ' (' + cost.saving + ')';
    td.appendChild(node('span', value === 'unknown' ? 'muted' : null, value));
    if (cost.detail) td.title = cost.detail;
    return td;
  }

  function text(value, className) {
    return node('td', className, value === undefined ? null : value);
  }

  function environmentRow(env) {
    var tr = node('tr', env.kind === 'shared' ? 'shared' : 'branch');
    tr.appendChild(text(env.name));
    tr.appendChild(text(env.kind === 'shared' ? 'shared (template)' : env.branch, 'mono'));
    tr.appendChild(linkCell(env.url));
    tr.appendChild(phaseCell(env.phase));
    tr.appendChild(text(env.imageTag, 'mono'));
    tr.appendChild(resultCell(env.lastResult));
    tr.appendChild(timeCell(env.expires, 'expired'));
    var from = env.from;
    if (env.kind === 'shared' && env.branchEnvironments !== undefined) {
      from = env.branchEnvironments + ' branch environment' + (env.branchEnvironments === 1 ? '' : 's');
    }
    tr.appendChild(text(from, env.kind === 'shared' ? 'muted' : null));
    tr.appendChild(costCell(env.cost, 'hourly'));
    tr.appendChild(costCell(env.cost, 'monthly'));
    tr.dataset.search = [env.branch, env.name, env.from, env.namespace].join(' ').toLowerCase();
    return tr;
  }

  function releaseRow(sr) {
    var tr = node('tr');
    tr.appendChild(text(sr.name));
    tr.appendChild(text(sr.branch ? sr.environment + ' (' + sr.branch + ')' : sr.environment));
    tr.appendChild(phaseCell(sr.phase));
    tr.appendChild(text(sr.image, 'mono'));
    tr.appendChild(text(sr.replicas));
    tr.appendChild(resultCell(sr.lastResult));
    tr.appendChild(timeCell(sr.updated));
    tr.dataset.search = [sr.branch, sr.name, sr.environment, sr.namespace].join(' ').toLowerCase();
    return tr;
  }

  /** Replaces only rows whose data changed, keeps the rest, and keeps the server's order. */
  function render(tableId, items, build) {
    var tbody = document.querySelector('#' + tableId + ' tbody');
    var old = Object.create(null);
    Array.prototype.forEach.call(tbody.rows, function (tr) {
      old[tr.dataset.key] = tr;
    });
    items.forEach(function (item, i) {
      var key = item.namespace + '/' + item.name;
      var json = JSON.stringify(item);
      var tr = old[key];
      delete old[key];
      if (!tr || tr.dataset.json !== json) {
        var fresh = build(item);
        fresh.dataset.key = key;
        fresh.dataset.json = json;
        if (tr) tbody.replaceChild(fresh, tr);
        tr = fresh;
      }
      if (tbody.rows[i] !== tr) tbody.insertBefore(tr, tbody.rows[i] || null);
    });
    Object.keys(old).forEach(function (key) {
      tbody.removeChild(old[key]);
    });
    applyFilter();
  }

  function applyFilter() {
    var q = (filterInput.value || '').trim().toLowerCase();
    ['environments', 'releases'].forEach(function (id) {
      var shown = 0;
      Array.prototype.forEach.call(document.querySelectorAll('#' + id + ' tbody tr'), function (tr) {
        var match = !q || tr.dataset.search.indexOf(q) >= 0;
        tr.hidden = !match;
        if (match) shown++;
      });
      document.querySelector('[data-empty-for="' + id + '"]').hidden = shown > 0 || lastOk === null;
    });
  }

  function getJson(path) {
    return fetch(path, { cache: 'no-store', headers: { Accept: 'application/json' } }).then(
      function (r) {
        return r.json().catch(function () {
          return {};
        }).then(function (body) {
          if (!r.ok) throw new Error(body.error || 'the operator answered ' + r.status);
          return body;
        });
      }
    );
  }

  function showError(err) {
    var banner = document.getElementById('error');
    var why = err && err.message && !/fetch|network/i.test(err.message) ? ' (' + err.message + ')' : '';
    banner.textContent =
      'Cannot reach the Slipway operator right now' + why +
      '. The tables show what it last reported; this page keeps trying.';
    banner.hidden = false;
  }

  function tick() {
    var span = document.getElementById('updated');
    if (lastOk === null) return;
    var s = Math.max(0, Math.round((Date.now() - lastOk) / 1000));
    span.textContent = 'Updated ' + (s < 60 ? s + 's' : Math.round(s / 60) + ' min') + ' ago';
  }

  function poll() {
    Promise.all([getJson('api/environments'), getJson('api/releases')])
      .then(function (answers) {
        lastOk = Date.now();
        render('environments', answers[0].items || [], environmentRow);
        render('releases', answers[1].items || [], releaseRow);
        document.getElementById('error').hidden = true;
        tick();
      })
      .catch(showError)
      .then(function () {
        setTimeout(poll, POLL_MS);
      });
  }

  function start() {
    filterInput = document.getElementById('filter');
    var params = new URLSearchParams(window.location.search);
    if (params.get('branch')) filterInput.value = params.get('branch');
    filterInput.addEventListener('input', function () {
      var url = new URL(window.location.href);
      if (filterInput.value) url.searchParams.set('branch', filterInput.value);
      else url.searchParams.delete('branch');
      window.history.replaceState(null, '', url.toString());
      applyFilter();
    });
    setInterval(tick, 1000);
    poll();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
