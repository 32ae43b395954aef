// Aurora's web console: a SQL editor with results as a table and a chart, browsing of tables,
// pipelines, the cluster and the queries. Everything it shows comes from POST /sql, with the
// user's credentials (HTTP Basic), so a user sees exactly what SQL lets them see.
(function () {
  'use strict';

  const NUMERIC = new Set(['smallint', 'integer', 'bigint', 'real', 'double precision', 'numeric']);
  const TIME = new Set(['timestamp', 'date']);
  const HISTORY_KEY = 'aurora.history';
  const AUTH_KEY = 'aurora.auth';
  const USER_KEY = 'aurora.user';

  const $ = (id) => document.getElementById(id);
  let running = null; // the AbortController of the statement the editor runs
  let lastResult = null;
  let chart = null;

  function authHeader() {
    const auth = sessionStorage.getItem(AUTH_KEY);
    return auth ? { Authorization: 'Basic ' + auth } : {};
  }

  /** Runs one statement; resolves to the JSON answer, rejects with an Error carrying sqlstate. */
  async function sql(query, options) {
    const response = await fetch('/sql', {
      method: 'POST',
      headers: Object.assign(
        { 'Content-Type': 'application/json', 'X-Requested-With': 'aurora-console' },
        authHeader(),
        (options && options.headers) || {}),
      body: JSON.stringify({ query: query, max_rows: (options && options.maxRows) || 10000 }),
      signal: options && options.signal,
    });
    const answer = await response.json();
    if (response.status === 401 && !(options && options.isLogin)) {
      signOut();
    }
    if (!response.ok) {
      const error = new Error(answer.error ? answer.error.message : 'HTTP ' + response.status);
      error.sqlstate = answer.error ? answer.error.sqlstate : '';
      error.status = response.status;
      throw error;
    }
    return answer;
  }

  function quoteLiteral(text) {
    return "'" + String(text).replace(/'/g, "''") + "'";
  }

  function quoteIdentifier(text) {
    return '"' + String(text).replace(/"/g, '""') + '"';
  }

  // ---- rendering ----

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  /** A table of an answer's rows; actions adds a last column of buttons per row. */
  function renderTable(target, answer, actions) {
    target.textContent = '';
    if (!answer.columns) {
      target.appendChild(element('p', answer.command + ' ' + answer.row_count));
      return;
    }
    const table = element('table');
    const head = table.createTHead().insertRow();
    answer.columns.forEach((column) => head.appendChild(element('th', column.name)));
    if (actions) {
      head.appendChild(element('th', ''));
    }
    const body = table.createTBody();
    answer.rows.forEach((row) => {
      const tr = body.insertRow();
      row.forEach((value, i) => {
        const isNull = value === null;
        const isNumber = NUMERIC.has(answer.columns[i].type);
        tr.appendChild(element('td', isNull ? 'NULL' : String(value), isNull ? 'null' : isNumber ? 'number' : ''));
      });
      if (actions) {
        const cell = tr.insertCell();
        actions(row).forEach((button) => cell.appendChild(button));
      }
    });
    target.appendChild(table);
    if (answer.rows.length === 0) {
      target.appendChild(element('p', 'No rows.'));
    }
  }

  function renderError(target, error) {
    target.textContent = '';
    target.appendChild(element('p', (error.sqlstate ? error.sqlstate + ': ' : '') + error.message, 'error'));
  }

  /** How an answer is best charted: a line over a time column, bars over a dimension, or none. */
  function chartKind(answer) {
    if (!answer.columns || answer.rows.length === 0) {
      return null;
    }
    const numeric = answer.columns.filter((c) => NUMERIC.has(c.type));
    if (numeric.length === 0) {
      return null;
    }
    if (answer.columns.some((c) => TIME.has(c.type))) {
      return 'line';
    }
    if (answer.columns.some((c) => !NUMERIC.has(c.type))) {
      return 'bar';
    }
    return null;
  }

  function epochSeconds(text) {
    // PostgreSQL's text format, in UTC: 2026-12-01 10:00:00[.fraction] or 2026-12-01.
    return Date.parse(text.replace(' ', 'T') + (text.length > 10 ? 'Z' : 'T00:00:00Z')) / 1000;
  }

  const COLORS = ['#2f6fdd', '#e8590c', '#2b8a3e', '#9c36b5', '#c92a2a', '#0b7285', '#5c940d'];

  function renderChart(target, answer, width) {
    if (chart) {
      chart.destroy();
      chart = null;
    }
    target.textContent = '';
    const kind = chartKind(answer);
    if (!kind) {
      target.appendChild(element('p', 'Nothing to chart: a chart needs a numeric column and a time or text column.'));
      return;
    }
    const columns = answer.columns;
    const xIndex = kind === 'line'
      ? columns.findIndex((c) => TIME.has(c.type))
      : columns.findIndex((c) => !NUMERIC.has(c.type));
    let rows = answer.rows.slice();
    if (kind === 'line') {
      rows = rows.filter((row) => row[xIndex] !== null).sort((a, b) => epochSeconds(a[xIndex]) - epochSeconds(b[xIndex]));
    }
    const seriesIndexes = columns.map((c, i) => i).filter((i) => i !== xIndex && NUMERIC.has(columns[i].type));
    const labels = rows.map((row) => String(row[xIndex]));
    const xs = kind === 'line' ? rows.map((row) => epochSeconds(row[xIndex])) : rows.map((row, i) => i);
    const data = [xs].concat(seriesIndexes.map((i) => rows.map((row) => (row[i] === null ? null : Number(row[i])))));
    const series = [{}].concat(seriesIndexes.map((i, n) => {
      const color = COLORS[n % COLORS.length];
      return kind === 'line'
        ? { label: columns[i].name, stroke: color, width: 2 }
        : { label: columns[i].name, stroke: color, fill: color + '99', paths: uPlot.paths.bars({ size: [0.6, 80] }), points: { show: false } };
    }));
    const fromZero = (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1];
    const options = {
      width: width,
      height: 360,
      series: series,
      // Timestamps are UTC, as the engine keeps them; show them so.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
      scales: kind === 'line'
        ? { x: { time: true } }
        : { x: { time: false, range: () => [-0.5, rows.length - 0.5] }, y: { range: fromZero } },
      axes: kind === 'line'
        ? [{}, {}]
        : [{ splits: () => rows.map((row, i) => i), values: (u, splits) => splits.map((s) => labels[s] || '') }, {}],
    };
    chart = new uPlot(options, data, target);
    target.dataset.kind = kind;
  }

  // ---- the Query tab ----

  function history() {
    try {
      return JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    } catch (e) {
      return [];
    }
  }

  function remember(query) {
    const entries = [query].concat(history().filter((q) => q !== query)).slice(0, 50);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(entries));
    renderHistory();
  }

  function renderHistory() {
    const list = $('history');
    list.textContent = '';
    history().forEach((query) => {
      const item = element('li', query);
      item.addEventListener('click', () => {
        $('sql').value = query;
      });
      list.appendChild(item);
    });
  }

  function showView(view) {
    const isChart = view === 'chart';
    $('view-table').classList.toggle('active', !isChart);
    $('view-chart').classList.toggle('active', isChart);
    $('result-table').hidden = isChart;
    $('result-chart').hidden = !isChart;
    if (isChart && lastResult) {
      renderChart($('result-chart'), lastResult, $('tab-query').clientWidth - 2);
    }
  }

  async function runEditor() {
    const query = $('sql').value.trim();
    if (!query || running) {
      return;
    }
    running = new AbortController();
    $('run').disabled = true;
    $('cancel').disabled = false;
    $('status').textContent = 'Running…';
    const started = performance.now();
    try {
      const answer = await sql(query, { signal: running.signal });
      const millis = Math.round(performance.now() - started);
      lastResult = answer;
      remember(query);
      renderTable($('result-table'), answer);
      const kind = chartKind(answer);
      $('view-chart').disabled = !kind;
      $('status').textContent = answer.columns
        ? answer.row_count + (answer.truncated ? '+' : '') + ' rows in ' + millis + ' ms'
        : answer.command + ' ' + answer.row_count + ' in ' + millis + ' ms';
      showView(kind ? 'chart' : 'table');
    } catch (error) {
      lastResult = null;
      $('view-chart').disabled = true;
      showView('table');
      if (error.name === 'AbortError') {
        $('status').textContent = 'Cancelled';
        $('result-table').textContent = '';
      } else {
        $('status').textContent = 'Failed';
        renderError($('result-table'), error);
      }
    } finally {
      running = null;
      $('run').disabled = false;
      $('cancel').disabled = true;
    }
  }

  // ---- the other tabs ----

  async function fill(target, query, actions) {
    try {
      renderTable(target, await sql(query), actions);
    } catch (error) {
      renderError(target, error);
    }
  }

  async function showTables() {
    const list = $('table-list');
    try {
      const answer = await sql('SELECT table_name, row_count, bytes_on_disk FROM system.tables ORDER BY table_name');
      renderTable(list, answer);
      list.querySelectorAll('tbody tr').forEach((tr, i) => {
        tr.addEventListener('click', () => showTable(answer.rows[i][0]));
      });
    } catch (error) {
      renderError(list, error);
    }
  }

  async function showTable(name) {
    const detail = $('table-detail');
    detail.textContent = '';
    detail.appendChild(element('h2', name));
    const parts = [
      ['Columns', 'SELECT column_name, data_type, encodings, bytes_on_disk, compression_ratio FROM system.columns WHERE table_name = ' + quoteLiteral(name)],
      ['Partitions', 'SELECT * FROM system.partitions WHERE table_name = ' + quoteLiteral(name)],
      ['Sample rows', 'SELECT * FROM ' + quoteIdentifier(name) + ' LIMIT 50'],
    ];
    for (const [title, query] of parts) {
      detail.appendChild(element('h2', title));
      const target = element('div', null, 'result');
      target.id = 'table-' + title.toLowerCase().replace(' ', '-');
      detail.appendChild(target);
      await fill(target, query);
    }
  }

  async function showIngestion() {
    await fill($('pipelines'), 'SELECT * FROM system.pipelines ORDER BY pipeline_name, kafka_partition', (row) => {
      // Each pipeline keeps the records it could not load in its dead-letter table.
      const button = element('button', 'Dead letters');
      button.addEventListener('click', () => {
        $('dead-letters-title').textContent = 'Dead letters of ' + row[0];
        fill($('dead-letters'), 'SELECT * FROM ' + quoteIdentifier(row[0] + '_errors') + ' LIMIT 100');
      });
      return [button];
    });
    try {
      const answer = await sql(
        "SELECT date_trunc('minute', query_start) AS minute, sum(written_rows) AS rows_written FROM system.query_log" +
        " WHERE written_rows > 0 AND query_start > now() - INTERVAL '1 hour' GROUP BY 1 ORDER BY 1");
      renderTable($('ingest-rates'), answer);
      renderChart($('ingest-chart'), answer, $('tab-ingestion').clientWidth - 2);
    } catch (error) {
      renderError($('ingest-rates'), error);
    }
  }

  async function showCluster() {
    await fill($('nodes'), 'SELECT * FROM system.nodes');
    await fill($('shards'), 'SELECT * FROM system.shards');
  }

  async function showQueries() {
    await fill(
      $('running'),
      'SELECT query_id, pid, protocol, user_name, client_addr, elapsed_ms, rows_read, query FROM system.queries ORDER BY query_id',
      (row) => {
        const button = element('button', 'Cancel');
        button.addEventListener('click', async () => {
          // A PostgreSQL session's statement by its pid, any other by its query id.
          await sql(row[1] > 0
            ? 'SELECT pg_cancel_backend(' + Number(row[1]) + ')'
            : 'SELECT cancel_query(' + Number(row[0]) + ')');
          showQueries();
        });
        return [button];
      });
    await fill(
      $('recent'),
      'SELECT query_start, kind, user_name, protocol, duration_ms, result_rows, written_rows, read_rows, sqlstate, query' +
      ' FROM system.query_log ORDER BY query_start DESC LIMIT 100');
  }

  const SHOW = { query: () => {}, tables: showTables, ingestion: showIngestion, cluster: showCluster, queries: showQueries };

  function showTab(name) {
    document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
    document.querySelectorAll('.tab').forEach((t) => {
      t.hidden = t.id !== 'tab-' + name;
    });
    SHOW[name]();
  }

  // ---- signing in ----

  function signedIn(user) {
    $('login').hidden = true;
    $('tabs').hidden = false;
    $('logout').hidden = false;
    $('who').textContent = user;
    showTab('query');
  }

  function signOut() {
    sessionStorage.removeItem(AUTH_KEY);
    sessionStorage.removeItem(USER_KEY);
    $('login').hidden = false;
    $('tabs').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    document.querySelectorAll('.tab').forEach((t) => {
      t.hidden = true;
    });
  }

  async function signIn(event) {
    event.preventDefault();
    const user = $('login-user').value;
    const auth = btoa(unescape(encodeURIComponent(user + ':' + $('login-password').value)));
    $('login-error').textContent = '';
    try {
      await sql('SELECT current_user', { headers: { Authorization: 'Basic ' + auth }, isLogin: true });
      sessionStorage.setItem(AUTH_KEY, auth);
      sessionStorage.setItem(USER_KEY, user);
      signedIn(user);
    } catch (error) {
      $('login-error').textContent = error.status === 401 ? 'Wrong user or password.' : error.message;
    }
  }

  function start() {
    $('login-form').addEventListener('submit', signIn);
    $('logout').addEventListener('click', signOut);
    document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
    $('run').addEventListener('click', runEditor);
    $('cancel').addEventListener('click', () => running && running.abort());
    $('view-table').addEventListener('click', () => showView('table'));
    $('view-chart').addEventListener('click', () => showView('chart'));
    $('refresh-queries').addEventListener('click', showQueries);
    $('sql').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        runEditor();
      }
    });
    renderHistory();
    const user = sessionStorage.getItem(USER_KEY);
    if (user && sessionStorage.getItem(AUTH_KEY)) {
      signedIn(user);
    } else {
      signOut();
    }
  }

  start();
})();
