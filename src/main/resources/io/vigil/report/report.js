// Renders REPORT (written by io.vigil.report.HtmlReport): summary, sortable score table and,
// per series, a values chart and a score chart with linked cursors, drawn when scrolled into view.
(function () {
  "use strict";
  document.getElementById("title").textContent = REPORT.title;
  document.getElementById("summary").textContent = REPORT.summary.join("\n");

  const table = document.getElementById("scores");
  function renderTable(rows) {
    table.innerHTML = "";
    const head = table.insertRow();
    REPORT.header.forEach((h, i) => {
      const th = document.createElement("th");
      th.textContent = h;
      th.title = "sort";
      th.onclick = () => sortBy(i);
      head.appendChild(th);
    });
    rows.forEach(r => {
      const tr = table.insertRow();
      r.forEach((c, i) => {
        const td = tr.insertCell();
        const idx = REPORT.series.findIndex(s => s.name === c);
        if (i === 0 && idx >= 0) {
          const a = document.createElement("a");
          a.href = "#s" + idx;
          a.textContent = c;
          td.appendChild(a);
        } else {
          td.textContent = c;
        }
      });
    });
  }
  let sortCol = -1, sortAsc = true;
  function sortBy(i) {
    sortAsc = sortCol === i ? !sortAsc : true;
    sortCol = i;
    const num = v => { const x = parseFloat(v); return isNaN(x) ? null : x; };
    const rows = REPORT.rows.slice().sort((a, b) => {
      const x = num(a[i]), y = num(b[i]);
      const c = x !== null && y !== null ? x - y : String(a[i]).localeCompare(String(b[i]));
      return sortAsc ? c : -c;
    });
    renderTable(rows);
  }
  renderTable(REPORT.rows);

  // Labelled windows are shaded behind both charts.
  function windowsPlugin(windows) {
    return {
      hooks: {
        drawClear: u => {
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = "rgba(237,137,54,.22)";
          windows.forEach(w => {
            const x0 = u.valToPos(w[0], "x", true), x1 = u.valToPos(w[1], "x", true);
            ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
          });
          ctx.restore();
        }
      }
    };
  }

  // A forecast has no scores: it gets no score chart.
  function scored(s) {
    return s.score.some(v => v !== null);
  }

  // Room for the longest tick label (uPlot groups thousands: 300,000,000).
  function axisSize(range) {
    const chars = Math.max(...range.map(v => Math.round(Math.abs(v)).toLocaleString("en").length + 3));
    return Math.max(50, 8 * chars + 10);
  }

  function width() {
    return Math.min(1200, document.body.clientWidth - 10);
  }

  // The y range follows the values and the expected line only: a band that balloons after a level
  // shift must not flatten the series it explains.
  function valueRange(s) {
    let lo = Infinity, hi = -Infinity;
    const take = v => { if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); } };
    s.value.forEach(take);
    s.expected.forEach(take);
    if (lo === Infinity) { return [0, 1]; }
    const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }

  function draw(el, s) {
    const yRange = valueRange(s);
    const alerts = new Array(s.t.length).fill(null);
    s.alerts.forEach(i => { alerts[i] = s.value[i]; });
    const sync = uPlot.sync("s" + s.name);
    const cursor = { sync: { key: sync.key } };
    const values = new uPlot({
      width: width(), height: 230, cursor: cursor, plugins: [windowsPlugin(s.windows)],
      scales: { x: { time: true }, y: { range: () => yRange } },
      series: [
        {},
        { label: "value", stroke: "#2b6cb0", width: 1 },
        { label: "expected", stroke: "#38a169", width: 1, dash: [4, 3] },
        { label: "lower", stroke: "rgba(56,161,105,.35)", width: 0.5 },
        { label: "upper", stroke: "rgba(56,161,105,.35)", width: 0.5 },
        { label: "alert", show: scored(s), stroke: "#e53e3e", width: 0, paths: () => null,
          points: { show: true, size: 9, fill: "#e53e3e", stroke: "#e53e3e" } }
      ],
      bands: [{ series: [4, 3], fill: "rgba(56,161,105,.15)" }],
      axes: [{}, { size: axisSize(yRange) }]
    }, [s.t, s.value, s.expected, s.lower, s.upper, alerts], el);
    if (!scored(s)) {
      return [values];
    }
    const scores = new uPlot({
      width: width(), height: 110, cursor: cursor, plugins: [windowsPlugin(s.windows), {
        hooks: {
          draw: u => {
            const y = u.valToPos(REPORT.threshold, "y", true);
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = "#805ad5";
            ctx.setLineDash([5, 4]);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.restore();
          }
        }
      }],
      scales: { x: { time: true }, y: { range: [0, 1] } },
      series: [{}, { label: "score", stroke: "#805ad5", width: 1, fill: "rgba(128,90,213,.12)" }],
      axes: [{}, { size: 70 }]
    }, [s.t, s.score], el);
    return [values, scores];
  }

  // A forecast page: no scores, alerts or filter; the shaded span is the horizon.
  if (!REPORT.series.some(scored)) {
    document.querySelectorAll(".scored").forEach(e => { e.style.display = "none"; });
    document.getElementById("shaded").textContent = "forecast horizon";
    document.getElementById("filter").style.display = "none";
  }

  const container = document.getElementById("charts");
  const observer = new IntersectionObserver(entries => {
    entries.forEach(e => {
      if (e.isIntersecting && !e.target.dataset.drawn) {
        e.target.dataset.drawn = "1";
        draw(e.target.querySelector(".plot"), REPORT.series[+e.target.dataset.index]);
      }
    });
  }, { rootMargin: "400px" });
  REPORT.series.forEach((s, i) => {
    const div = document.createElement("div");
    div.className = "chart";
    div.id = "s" + i;
    div.dataset.index = i;
    div.dataset.name = s.name.toLowerCase();
    const h = document.createElement("h2");
    h.textContent = s.name;
    const cap = document.createElement("div");
    cap.className = "caption";
    cap.textContent = s.caption + (s.alerts.length || !scored(s) ? "" : " (no alerts)");
    const plot = document.createElement("div");
    plot.className = "plot";
    div.append(h, cap, plot);
    container.appendChild(div);
    observer.observe(div);
  });

  // The charts exist only now: honour a #s<N> link the browser could not follow at load.
  if (location.hash) {
    const target = document.getElementById(location.hash.substring(1));
    if (target) { target.scrollIntoView(); }
  }

  document.getElementById("filter").addEventListener("input", e => {
    const q = e.target.value.toLowerCase();
    document.querySelectorAll(".chart").forEach(d => {
      d.style.display = d.dataset.name.includes(q) ? "" : "none";
    });
    renderTable(REPORT.rows.filter(r => String(r[0]).toLowerCase().includes(q)));
  });
})();
