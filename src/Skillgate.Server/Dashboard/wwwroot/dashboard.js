// The Skillgate dashboard: one SSE event a second from /dashboard/events, drawn with plain DOM and SVG polylines.
// Every value is set with textContent, so tenant and key names can never become markup.
"use strict";

(() => {
  const svgNs = "http://www.w3.org/2000/svg";
  const $ = id => document.getElementById(id);
  const fmt = n => n == null ? "–" : Number(n).toLocaleString("en-US", { maximumFractionDigits: 1 });
  const compact = n => n == null ? "–" : Number(n).toLocaleString("en-US", { notation: "compact", maximumFractionDigits: 1 });
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; };

  function fillTable(id, rows) {
    const body = $(id).tBodies[0];
    body.replaceChildren(...rows.map(cells => {
      const tr = document.createElement("tr");
      for (const c of cells) { const td = document.createElement("td"); if (c instanceof Node) td.append(c); else td.textContent = c; tr.append(td); }
      return tr;
    }));
  }

  function bar(available, limit) {
    if (limit == null) return el("span", "unknown (unlimited)", "muted");
    const share = Math.max(0, Math.min(1, available / limit));
    const wrap = el("span");
    const b = el("span", null, share < 0.1 ? "bar low" : "bar");
    const fill = el("span"); fill.style.width = (share * 100).toFixed(1) + "%"; b.append(fill);
    wrap.append(b, el("span", `${compact(available)} / ${compact(limit)}`, "bartext"));
    return wrap;
  }

  function chart(id, points, series) {
    // Drawn in the chart's own pixels (no stretching), so the labels keep their shape at every width.
    const svg = $(id), w = Math.max(100, Math.round(svg.clientWidth)), h = Math.max(60, Math.round(svg.clientHeight)), top = 14, bottom = 4;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    let max = 0;
    for (const s of series) for (const p of points) { const v = s(p); if (v != null && v > max) max = v; }
    max = max <= 0 ? 1 : max * 1.1;
    const x = i => points.length < 2 ? w : (i / (points.length - 1)) * w;
    const y = v => top + (1 - v / max) * (h - top - bottom);
    const nodes = [];
    for (const f of [0, 0.5, 1]) {
      const line = document.createElementNS(svgNs, "line");
      line.setAttribute("class", "grid"); line.setAttribute("x1", 0); line.setAttribute("x2", w);
      line.setAttribute("y1", y(max * f)); line.setAttribute("y2", y(max * f)); nodes.push(line);
      const label = document.createElementNS(svgNs, "text");
      label.setAttribute("class", "axis"); label.setAttribute("x", 2); label.setAttribute("y", y(max * f) - 2);
      label.textContent = compact(max * f); nodes.push(label);
    }
    series.forEach((s, k) => {
      const coords = [];
      points.forEach((p, i) => { const v = s(p); if (v != null) coords.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`); });
      const line = document.createElementNS(svgNs, "polyline");
      line.setAttribute("class", "s" + k); line.setAttribute("points", coords.join(" ")); nodes.push(line);
    });
    svg.replaceChildren(...nodes);
  }

  function render(f) {
    const counts = f.counts || {}, gauges = f.gauges || {}, points = f.points || [];
    const last = points[points.length - 1];
    $("stat-requests").textContent = fmt(counts.requests || 0);
    $("stat-rate").textContent = fmt(last ? last.requests : 0);
    $("stat-streams").textContent = `${fmt(gauges["streams.sse"] || 0)} · ${fmt(gauges["streams.websocket"] || 0)}`;
    $("stat-connections").textContent = `${fmt(gauges["connections.client"] || 0)} · ${fmt(gauges["connections.upstream"] || 0)}`;
    $("stat-queued").textContent = fmt(last ? last.queued : 0);
    $("stat-upstream-errors").textContent = `${fmt(counts.upstream_429 || 0)} · ${fmt(counts.upstream_529 || 0)}`;
    $("stat-retries").textContent = `${fmt(counts.retries || 0)} · ${fmt(counts.breaker_opened || 0)} · ${fmt(counts.shed || 0)}`;
    $("updated").textContent = "updated " + new Date(f.time).toLocaleTimeString();

    chart("chart-ttft", points, [p => p.timeToFirstToken.p50, p => p.timeToFirstToken.p95, p => p.timeToFirstToken.p99]);
    chart("chart-latency", points, [p => p.latency.p50, p => p.latency.p95, p => p.latency.p99]);
    chart("chart-rate", points, [p => p.requests, p => p.upstream429, p => p.upstream529, p => p.retries]);
    chart("chart-load", points, [p => p.queued, p => p.streams]);

    const scheduler = f.scheduler || { keys: [], upstreams: [], queue: [] };
    const keyRows = [];
    for (const k of scheduler.keys) {
      const name = el("span"); name.append(el("span", k.id), el("span", k.fingerprint, "fp"));
      const state = el("span"); state.append(el("span", k.state, "badge " + k.state));
      if (k.secondsUntilUsable > 0) state.append(el("span", `${fmt(k.secondsUntilUsable)} s`, "tag"));
      const buckets = k.buckets.length ? k.buckets : [null];
      for (const b of buckets) {
        const model = el("span", b ? b.model : "–");
        if (b && b.requestsLearned) model.append(el("span", "learned", "tag"));
        if (b && b.probing) model.append(el("span", "probing", "tag"));
        keyRows.push([name.cloneNode(true), k.upstream, state.cloneNode(true), fmt(k.inFlight), model,
          b ? bar(b.requestsAvailable, b.requestsPerMinute) : "–",
          b ? bar(b.inputTokensAvailable, b.inputTokensPerMinute) : "–",
          b ? bar(b.outputTokensAvailable, b.outputTokensPerMinute) : "–"]);
      }
    }
    fillTable("keys", keyRows);
    fillTable("upstreams", scheduler.upstreams.map(u => [u.name, fmt(u.concurrencyLimit), fmt(u.inFlight)]));
    fillTable("queue", scheduler.queue.map(q => [q.tenant, q.priority.toLowerCase(), fmt(q.waiting), `${fmt(q.oldestWaitSeconds * 1000)} ms`]));
    fillTable("tokens", (f.tokens || []).map(t => [t.group, t.name, fmt(t.input), fmt(t.output)]));
  }

  function connect() {
    const source = new EventSource("dashboard/events");
    source.onopen = () => { $("status").textContent = "live"; $("status").className = "status live"; };
    source.onmessage = e => render(JSON.parse(e.data));
    source.onerror = () => { $("status").textContent = "reconnecting…"; $("status").className = "status"; };
  }

  connect();
})();
