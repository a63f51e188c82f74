// The live dashboard page: state from /events (Server-Sent Events), charts with uPlot (from its webjar), the
// heatmap on a plain canvas. window.gprec exposes what is drawn, for the browser test and for curious users.
(function () {
  'use strict';
  const KEEP = 20000;                                    // points per run kept in the page, as on the server
  const NAMED = { gprec: '#2563eb', base: '#ea580c' };
  const EXTRA = ['#059669', '#9333ea', '#dc2626', '#0891b2', '#ca8a04'];

  const state = { runs: {}, order: [], heatmap: null, status: '', received: 0 };
  const charts = {};          // auc, logloss, rate, version -> uPlot
  const groupCharts = {};     // run -> uPlot
  const heat = { draws: 0, cells: 0, file: null };
  let chartKey = '', dirty = false, heatDirty = false;

  window.gprec = {
    state, charts, groupCharts, heat,
    runs: () => state.order.slice(),
    /** Non-null y values drawn in a chart (all series), e.g. gprec.count('auc'). */
    count: (name) => {
      const u = name.startsWith('groups:') ? groupCharts[name.slice(7)] : charts[name];
      if (!u) return 0;
      let n = 0;
      for (let s = 1; s < u.data.length; s++) for (const v of u.data[s]) if (v != null) n++;
      return n;
    },
  };

  function color(run) {
    if (NAMED[run]) return NAMED[run];
    const others = state.order.filter(r => !NAMED[r]);
    return EXTRA[Math.max(0, others.indexOf(run)) % EXTRA.length];
  }

  function addRun(run) {
    if (!state.runs[run]) { state.runs[run] = []; state.order.push(run); }
  }

  // --- live data -----------------------------------------------------------------------------------------------
  function connect() {
    const es = new EventSource('/events');
    const conn = document.getElementById('connection');
    es.onopen = () => { conn.textContent = 'live'; conn.className = 'conn on'; };
    es.onerror = () => { conn.textContent = 'reconnecting…'; conn.className = 'conn off'; }; // EventSource retries
    es.addEventListener('history', e => {
      const h = JSON.parse(e.data);
      state.runs = {}; state.order = [];
      for (const [run, points] of Object.entries(h.runs)) { addRun(run); state.runs[run] = points; }
      state.heatmap = h.heatmap; heatDirty = true;
      setStatus(h.status);
      state.received++;
      schedule();
    });
    es.addEventListener('metrics', e => {
      const m = JSON.parse(e.data);
      addRun(m.run);
      const points = state.runs[m.run];
      const previous = points[points.length - 1];
      if (previous) { delete previous.group_counts; delete previous.group_auc; } // only the newest are drawn
      points.push(m.point);
      if (points.length > KEEP) points.splice(0, points.length - KEEP);
      state.received++;
      schedule();
    });
    es.addEventListener('heatmap', e => { state.heatmap = JSON.parse(e.data); heatDirty = true; schedule(); });
    es.addEventListener('status', e => setStatus(JSON.parse(e.data).status));
  }

  function setStatus(s) { state.status = s; document.getElementById('status').textContent = s; }

  function schedule() {
    if (dirty) return;
    dirty = true;
    requestAnimationFrame(() => { dirty = false; render(); });
  }

  // --- rendering -----------------------------------------------------------------------------------------------
  function render() {
    renderSummary();
    renderLines();
    renderGroups();
    if (heatDirty) { heatDirty = false; renderHeatmap(); }
  }

  const fmt = (v, d) => v == null || Number.isNaN(v) ? '–' : Number(v).toFixed(d);
  const int = v => v == null ? '–' : Math.round(v).toLocaleString('en');

  function renderSummary() {
    const rows = [
      ['events', p => int(p.events)], ['rolling AUC', p => fmt(p.window_auc, 4)], ['cumulative AUC', p => fmt(p.cumulative_auc, 4)],
      ['rolling LogLoss', p => fmt(p.window_log_loss, 4)], ['cumulative LogLoss', p => fmt(p.cumulative_log_loss, 4)],
      ['CTR', p => fmt(p.ctr, 3)], ['events/s', p => int(p.events_per_second)], ['model version', p => int(p.model_version)],
      ['groups', p => p.group_counts && p.group_counts.length ? p.group_counts.length : '–'],
    ];
    const runs = state.order.filter(r => state.runs[r].length);
    const table = document.getElementById('summary');
    if (!runs.length) return;
    let html = '<thead><tr><th></th>' + runs.map(r => `<th><span class="swatch" style="background:${color(r)}"></span>${escape(r)}</th>`).join('') + '</tr></thead><tbody>';
    for (const [label, f] of rows) {
      html += `<tr><td>${label}</td>` + runs.map(r => `<td>${f(last(r))}</td>`).join('') + '</tr>';
    }
    table.innerHTML = html + '</tbody>';
  }

  function last(run) { const p = state.runs[run]; return p[p.length - 1]; }

  function escape(s) { return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }

  /** One line chart over all runs: specs = [{field, label, dash}], x = events or time. */
  const LINES = {
    auc: { x: 'events', specs: [{ field: 'window_auc', label: 'rolling' }, { field: 'cumulative_auc', label: 'cumulative', dash: [6, 4] }] },
    logloss: { x: 'events', specs: [{ field: 'window_log_loss', label: 'rolling' }, { field: 'cumulative_log_loss', label: 'cumulative', dash: [6, 4] }] },
    rate: { x: 'time', specs: [{ field: 'events_per_second', label: 'events/s' }] },
    version: { x: 'time', specs: [{ field: 'model_version', label: 'version' }] },
  };

  function renderLines() {
    const runs = state.order.filter(r => state.runs[r].length);
    if (!runs.length) return;
    const key = runs.join('\u0000');
    for (const [name, def] of Object.entries(LINES)) {
      const tables = runs.map(run => {
        const pts = state.runs[run];
        const xs = pts.map(p => def.x === 'events' ? p.events : p.timestamp / 1000);
        return [xs, ...def.specs.map(s => pts.map(p => p[s.field] == null ? null : p[s.field]))];
      });
      const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
      const el = document.getElementById('chart-' + name);
      if (!charts[name] || key !== chartKey) {
        if (charts[name]) charts[name].destroy();
        el.innerHTML = '';
        const series = [{ label: def.x === 'events' ? 'events' : 'time' }];
        for (const run of runs) {
          for (const s of def.specs) {
            series.push({ label: run + ' ' + s.label, stroke: color(run), width: 2, dash: s.dash, spanGaps: true,
              points: { show: false }, value: (u, v) => v == null ? '–' : (name === 'rate' || name === 'version' ? int(v) : v.toFixed(4)) });
          }
        }
        charts[name] = new uPlot({
          width: Math.max(300, el.clientWidth), height: 260, series,
          scales: { x: { time: def.x === 'time' } },
          axes: [{ values: def.x === 'events' ? (u, vals) => vals.map(v => v >= 1000 ? (v / 1000) + 'k' : v) : undefined }, { size: 60 }],
          legend: { live: true },
        }, data, el);
      } else {
        charts[name].setData(data);
      }
    }
    chartKey = key;
  }

  function renderGroups() {
    const box = document.getElementById('groups');
    const runs = state.order.filter(r => state.runs[r].length && (last(r).group_counts || []).length);
    if (!runs.length) return;
    if (box.querySelector('.empty')) box.innerHTML = '';
    for (const run of runs) {
      const p = last(run);
      const xs = p.group_counts.map((_, i) => i + 1);
      const data = [xs, p.group_counts, p.group_auc.map(v => v == null ? null : v)];
      if (!groupCharts[run]) {
        const el = document.createElement('div');
        el.innerHTML = `<h3 style="margin:0;font-size:0.95em"><span class="swatch" style="background:${color(run)}"></span>${escape(run)}</h3>`;
        box.appendChild(el);
        groupCharts[run] = new uPlot({
          width: Math.max(500, Math.min(1100, box.clientWidth / Math.max(1, runs.length) - 30)), height: 240,
          series: [{ label: 'group' },
            { label: 'predictions', stroke: color(run), fill: color(run) + '55', scale: 'n', paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false } },
            { label: 'AUC', stroke: '#111827', scale: 'auc', paths: () => null, points: { show: true, size: 6, fill: '#111827' }, value: (u, v) => v == null ? '–' : v.toFixed(4) }],
          scales: { x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] }, n: { range: (u, min, max) => [0, Math.max(1, max) * 1.05] }, auc: { range: [0, 1] } },
          axes: [{ label: 'group', incrs: [1, 2, 5, 10, 20, 50] }, { scale: 'n', size: 60, values: (u, vals) => vals.map(v => v >= 1000 ? (v / 1000) + 'k' : v) }, { scale: 'auc', side: 1, grid: { show: false } }],
        }, data, el);
      } else {
        groupCharts[run].setData(data);
      }
    }
  }

  // --- heatmap (paper Fig. 4) ----------------------------------------------------------------------------------
  document.getElementById('heat-groups').addEventListener('change', () => { heatDirty = true; schedule(); });

  /** -1 blue, 0 white, +1 red. */
  function heatColor(v) {
    const t = Math.max(-1, Math.min(1, v));
    const a = Math.abs(t);
    const [r, g, b] = t >= 0 ? [220, 38, 38] : [37, 99, 235];
    return `rgb(${Math.round(255 + (r - 255) * a)},${Math.round(255 + (g - 255) * a)},${Math.round(255 + (b - 255) * a)})`;
  }

  function renderHeatmap() {
    const h = state.heatmap;
    const canvas = document.getElementById('heatmap');
    const ctx = canvas.getContext('2d');
    const caption = document.getElementById('heat-caption');
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!h) return;
    if (h.error || !h.cos) {
      caption.textContent = (h.file ? h.file + ': ' : '') + (h.error || h.message);
      heat.file = h.file; heat.cells = 0;
      return;
    }
    const G = h.groups;
    const wanted = Number(document.getElementById('heat-groups').value);
    const k = wanted > 0 ? Math.min(wanted, G) : G;
    const idx = [];
    for (let g = 0; g < k; g++) idx.push(g);
    if (h.dual) for (let g = 0; g < k; g++) idx.push(G + g);
    const n = idx.length, margin = 36;
    const cell = Math.floor((canvas.width - margin) / n);
    ctx.font = Math.min(12, Math.max(7, cell * 0.35)) + 'px system-ui, sans-serif';
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    let cells = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = h.cos[idx[i]][idx[j]];
        ctx.fillStyle = heatColor(v);
        ctx.fillRect(margin + j * cell, margin + i * cell, cell, cell);
        if (cell >= 30) { ctx.fillStyle = Math.abs(v) > 0.6 ? '#fff' : '#111827'; ctx.fillText(v.toFixed(2), margin + (j + 0.5) * cell, margin + (i + 0.5) * cell); }
        cells++;
      }
    }
    if (h.dual) { // quadrant lines between the p and n blocks
      ctx.strokeStyle = '#111827'; ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(margin + k * cell, margin); ctx.lineTo(margin + k * cell, margin + n * cell);
      ctx.moveTo(margin, margin + k * cell); ctx.lineTo(margin + n * cell, margin + k * cell);
      ctx.stroke();
    }
    if (cell >= 9) {
      ctx.fillStyle = '#111827';
      for (let i = 0; i < n; i++) {
        const label = h.labels[idx[i]];
        ctx.fillText(label, margin / 2, margin + (i + 0.5) * cell);
        ctx.fillText(label, margin + (i + 0.5) * cell, margin / 2);
      }
    }
    heat.draws++; heat.cells = cells; heat.file = h.file;
    caption.textContent = `${h.file} · ${h.kind} (${h.strategy}) · step ${int(h.step)} · ${G} groups` +
      (h.mean_pn != null ? ` · mean cos(p_g, n_g) = ${h.mean_pn.toFixed(3)}` : '');
    drawLegend();
  }

  function drawLegend() {
    const c = document.getElementById('heat-legend'), ctx = c.getContext('2d');
    ctx.clearRect(0, 0, c.width, c.height);
    const top = 36, height = c.height - 2 * top;
    for (let y = 0; y < height; y++) { ctx.fillStyle = heatColor(1 - 2 * y / height); ctx.fillRect(8, top + y, 18, 1); }
    ctx.fillStyle = '#111827'; ctx.font = '11px system-ui, sans-serif'; ctx.textBaseline = 'middle';
    for (const v of [1, 0.5, 0, -0.5, -1]) ctx.fillText(v.toFixed(1), 30, top + (1 - v) / 2 * height);
  }

  window.addEventListener('resize', () => {
    for (const [name, u] of Object.entries(charts)) u.setSize({ width: Math.max(300, document.getElementById('chart-' + name).clientWidth), height: 260 });
  });

  connect();
})();
