// Leasehold dashboard: polls this node's cluster view and stats every second and the cluster-wide lease list (a fan-out to
// every silo) every 5 s, and follows one lease live through its watch (Server-Sent Events), updating its row as it changes.
// Every value from the server is put into the page with textContent (never innerHTML): holder names and object keys are
// chosen by clients.
"use strict";

const pollMs = 1000;
const leasesPollMs = 5000;
const followLogLength = 50;
let leasesPolledAt = 0;
let following = null;
const history = { requests: [], grants: [], rejections: [] };
const historyLength = 60;
let leases = { at: 0, items: [], total: 0, unreachable: [] };

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "–" : String(text);
  if (className) td.className = className;
  return td;
}

function fill(tableId, emptyId, items, addRow) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren();
  for (const item of items) addRow(body.insertRow(), item);
  if (emptyId) document.getElementById(emptyId).hidden = items.length > 0;
}

function ago(iso) {
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  return seconds < 60 ? `${seconds.toFixed(1)} s ago` : new Date(iso).toLocaleTimeString();
}

function duration(ms) {
  if (ms <= 0) return "expired";
  return ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

function spark(id, values) {
  const svg = document.getElementById(id);
  const max = Math.max(1, ...values);
  const step = 120 / (historyLength - 1);
  const points = values.map((v, i) => `${(i + historyLength - values.length) * step},${30 - (v / max) * 28}`).join(" ");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", points);
  svg.replaceChildren(line);
}

function renderCluster(cluster) {
  // Dead silos older than Cluster:DeadSiloDisplayAge are not listed, but still counted.
  const hidden = cluster.hiddenDeadSilos || 0;
  document.getElementById("summary").textContent =
    `Node ${cluster.localSilo} · membership version ${cluster.membershipVersion} · ` +
    `${cluster.silos.filter(s => s.status === "Active").length} of ${cluster.silos.length + hidden} silos Active`;
  document.getElementById("dead-hidden").textContent = hidden > 0
    ? ` · ${hidden} long-dead silo${hidden === 1 ? "" : "s"} not shown`
    : "";
  const silos = [...cluster.silos].sort((a, b) => a.address.localeCompare(b.address) || b.generation - a.generation);
  fill("silos", null, silos, (row, silo) => {
    row.dataset.silo = silo.address;
    row.dataset.generation = silo.generation;
    row.dataset.status = silo.status;
    if (`${silo.address}@${silo.generation}` === cluster.localSilo) {
      row.classList.add("local");
    }
    cell(row, silo.address);
    cell(row, silo.generation, "num");
    const status = cell(row, "");
    const badge = document.createElement("span");
    badge.className = "status";
    badge.dataset.status = silo.status;
    badge.textContent = silo.status;
    status.replaceChildren(badge);
    cell(row, new Date(silo.startedAtUtc).toLocaleTimeString());
    cell(row, ago(silo.lastHeartbeatUtc));
  });
}

function renderLeases() {
  const elapsed = Date.now() - leases.at;
  document.getElementById("leases-shown").textContent = leases.total > leases.items.length
    ? `: the ${leases.items.length} that expire soonest of ${leases.total}`
    : "";
  fill("leases", "leases-empty", leases.items, (row, lease) => {
    row.dataset.resource = lease.resource;
    row.dataset.holder = lease.holder;
    const name = cell(row, lease.resource, "follow");
    name.title = "Follow this lease";
    name.addEventListener("click", () => follow(lease.resource));
    cell(row, lease.holder);
    cell(row, lease.fence, "num");
    cell(row, duration(lease.remainingMs - elapsed), "num");
    cell(row, lease.silo);
  });
  const unreachable = document.getElementById("leases-unreachable");
  unreachable.hidden = leases.unreachable.length === 0;
  unreachable.textContent = `Not answering, so their leases are missing here: ${leases.unreachable.join(", ")}`;
}

// One line a person reads: "paused · clock +1500 ms · drop to 127.0.0.1:11112", or "none".
function describeFaults(faults) {
  if (!faults) return "no fault injection";
  const parts = [];
  if (faults.killed) parts.push("killed");
  else if (faults.paused) parts.push("paused");
  if (faults.clockOffsetMs !== 0) parts.push(`clock ${faults.clockOffsetMs > 0 ? "+" : ""}${faults.clockOffsetMs} ms`);
  if (faults.clockDriftPpm) parts.push(`drift ${faults.clockDriftPpm} ppm`);
  for (const rule of faults.network) parts.push(rule.drop ? `drop to ${rule.to}` : `delay ${rule.delayMs} ms to ${rule.to}`);
  return parts.length ? parts.join(" · ") : "none";
}

function renderFaults(silos) {
  fill("faults", null, silos, (row, silo) => {
    row.dataset.silo = silo.silo;
    row.dataset.answered = silo.answered;
    cell(row, silo.silo);
    cell(row, silo.answered ? "yes" : `no: ${silo.error}`, silo.answered ? null : "reason");
    cell(row, silo.total, "num");
    const text = silo.answered ? describeFaults(silo.faults) : "unknown";
    cell(row, text, text === "none" ? null : "fault").dataset.faults = text;
  });
}

function renderStats(stats) {
  document.getElementById("window").textContent = `on this node, mean of the last ${stats.windowSeconds} s`;
  for (const [name, rate, total] of [
    ["requests", stats.requestsPerSecond, stats.requests],
    ["grants", stats.grantsPerSecond, stats.grants],
    ["rejections", stats.rejectionsPerSecond, stats.rejections],
  ]) {
    history[name].push(rate);
    if (history[name].length > historyLength) history[name].shift();
    document.getElementById(`${name}-rate`).textContent = rate.toFixed(1);
    document.getElementById(`${name}-total`).textContent = `${total} since start`;
    spark(`${name}-spark`, history[name]);
  }
  fill("rejections", "rejections-empty", stats.rejectedWrites, (row, write) => {
    row.dataset.reason = write.reason;
    cell(row, new Date(write.atUtc).toLocaleTimeString());
    cell(row, write.key);
    cell(row, write.resource);
    cell(row, write.fence, "num");
    cell(row, write.highestFence, "num");
    cell(row, write.reason, "reason");
    cell(row, write.detail);
    cell(row, write.traceId ? write.traceId.slice(0, 16) + "…" : null).title = write.traceId || "";
  });
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// The followed lease's rows, one per holder, made from what its watch said: a grant or renewal puts that holder's row in,
// an end takes it out, and a reset replaces the resource's rows with the holders its state names (keeping the silo the
// list named). A shared change touches only its holder's row; an exclusive one leaves the resource no other holder. The
// next poll of the list agrees, unless it was made before the change.
function applyToLeases(resource, keep, holds) {
  const now = Date.now();
  const known = leases.items.find(l => l.resource === resource);
  const items = leases.items.filter(l => l.resource !== resource || keep(l));
  for (const hold of holds) {
    const remainingMs = Math.max(0, Date.parse(hold.expiresAtUtc) - now) + (now - leases.at);
    items.push({ resource, holder: hold.holder, fence: hold.fence, remainingMs, silo: known ? known.silo : "–" });
  }
  leases = { ...leases, items };
  renderLeases();
}

// The holders a lease state names: its shared holders in shared mode, else its one holder while held.
function holdsOf(lease) {
  if (lease.mode === "shared") return lease.sharedHolders || [];
  return lease.held ? [{ holder: lease.holder, fence: lease.fence, expiresAtUtc: lease.expiresAtUtc }] : [];
}

function onLeaseEvent(event) {
  const body = document.querySelector("#follow-events tbody");
  const row = body.insertRow(0);
  row.dataset.kind = event.kind;
  cell(row, event.id, "num");
  cell(row, event.kind, "kind");
  cell(row, event.kind === "reset" ? (event.lease.held ? event.lease.holder : "not held") : event.holder);
  cell(row, event.kind === "reset" ? event.lease.fence : event.fence, "num");
  cell(row, event.atUtc ? new Date(event.atUtc).toLocaleTimeString() : `(${event.reason})`);
  while (body.rows.length > followLogLength) body.deleteRow(-1);
  if (event.kind === "reset") {
    applyToLeases(event.resource, () => false, holdsOf(event.lease));
    return;
  }
  const othersShared = l => event.mode === "shared" && l.holder !== event.holder;
  const held = event.kind === "granted" || event.kind === "renewed";
  applyToLeases(event.resource, othersShared, held ? [{ holder: event.holder, fence: event.fence, expiresAtUtc: event.expiresAtUtc }] : []);
}

// One lease at a time: a browser gives each host only a few connections, and the page's polls need theirs. EventSource
// reconnects by itself with Last-Event-ID, so a dropped connection misses nothing the lease still retains.
function follow(resource) {
  if (following) following.close();
  document.getElementById("follow-resource").value = resource;
  document.querySelector("#follow-events tbody").replaceChildren();
  const state = document.getElementById("follow-state");
  const source = new EventSource(`/v1/leases/${encodeURIComponent(resource)}/watch`);
  following = source;
  state.dataset.state = "connecting";
  state.textContent = `connecting to ${resource}`;
  for (const kind of ["reset", "granted", "renewed", "released", "expired", "lost"]) {
    source.addEventListener(kind, message => onLeaseEvent(JSON.parse(message.data)));
  }
  source.onopen = () => {
    state.dataset.state = "live";
    state.textContent = `following ${resource}`;
  };
  source.onerror = () => {
    state.dataset.state = source.readyState === EventSource.CLOSED ? "unreachable" : "connecting";
    state.textContent = source.readyState === EventSource.CLOSED ? `refused: check the name ${resource}` : `reconnecting to ${resource}`;
  };
  window.history.replaceState(null, "", `#follow=${encodeURIComponent(resource)}`);
}

document.getElementById("follow-form").addEventListener("submit", submitted => {
  submitted.preventDefault();
  const resource = document.getElementById("follow-resource").value.trim();
  if (resource) follow(resource);
});

async function poll() {
  const connection = document.getElementById("connection");
  try {
    const listDue = Date.now() - leasesPolledAt >= leasesPollMs;
    const [cluster, held, stats] = await Promise.all([getJson("/v1/cluster"), listDue ? getJson("/v1/leases") : null, getJson("/v1/stats")]);
    renderCluster(cluster);
    if (held) {
      leasesPolledAt = Date.now();
      leases = { at: Date.now(), items: held.leases, total: held.total, unreachable: held.unreachable || [] };
      renderLeases();
      renderFaults(held.silos || []);
    }
    renderStats(stats);
    connection.dataset.state = "live";
    connection.textContent = `live · updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    connection.dataset.state = "unreachable";
    connection.textContent = `unreachable: ${error.message}`;
  } finally {
    setTimeout(poll, pollMs);
  }
}

// Between polls, the time left on each lease counts down.
setInterval(renderLeases, 250);
poll();
const followed = new URLSearchParams(location.hash.slice(1)).get("follow");
if (followed) follow(followed);
