// Read-only view of one timeline, newest first, in the words the indexer's API gives each entry.
// Everything shown comes from the JSON API and is written with textContent, never as HTML.
"use strict";

const state = { token: "", patient: "", next: "", me: "", people: {} };

function params() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { token: p.get("token") || sessionStorage.getItem("emrchain-token") || "", patient: p.get("patient") || "" };
}

async function api(path, options = {}) {
  const headers = Object.assign({ "Content-Type": "application/json" }, options.headers || {});
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const resp = await fetch(path, Object.assign({}, options, { headers }));
  const body = await resp.json();
  if (!resp.ok) throw new Error(body.error || resp.statusText);
  return body;
}

function short(s) {
  return s && s.length > 14 ? s.slice(0, 6) + "…" + s.slice(-4) : (s || "");
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// The reader's own time zone and language.
const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

// describe says who an address is: name, role and organisation as far as they are known.
function describe(address) {
  if (!address) return "";
  const p = state.people[address] || {};
  const name = address === state.me ? "You" : (p.name || short(address));
  const about = [p.role, p.organisation].filter(Boolean).join(", ");
  return about ? name + " (" + about + ")" : name;
}

function detail(list, term, value, cls) {
  if (!value) return;
  list.appendChild(el("dt", "", term));
  const dd = el("dd", cls || "", value);
  list.appendChild(dd);
}

function render(entries) {
  const list = document.getElementById("timeline");
  for (const e of entries) {
    const li = el("li", "entry " + e.outcome);
    li.dataset.action = e.action;
    li.id = "event-" + e.blockNumber + "-" + e.logIndex;
    const t = el("time", "when", when.format(new Date(e.time)));
    t.dateTime = e.time;
    li.appendChild(t);
    li.appendChild(el("h2", "title", e.title || e.action));
    li.appendChild(el("p", "summary", e.summary || e.action));
    if (e.outcome === "rejected") {
      li.appendChild(el("p", "refusal", "Refused: " + (e.reasonText || e.reason)));
    }
    const dl = el("dl", "details");
    detail(dl, "By", describe(e.actor));
    detail(dl, "With", describe(e.counterpart));
    if (e.purpose) detail(dl, "Purpose", e.purposeWord || "not one of the usual purposes (" + short(e.purpose) + ")");
    if (e.record) detail(dl, "Record", short(e.record) + (e.version ? ", version " + e.version : ""), "code");
    if (e.pathText) detail(dl, "Through", e.pathText);
    if (e.nodes && e.nodes.length) {
      const answered = ["access-fulfilled", "read-answered", "token-answered"].includes(e.action);
      detail(dl, answered ? "Answered by" : "Nodes", e.nodes.map(describe).join(", ") +
        (e.threshold ? " (" + e.threshold + " needed)" : ""));
    }
    if (e.attributes && e.attributes.length) {
      detail(dl, "Attributes used", e.attributes.map((a) => a.name || short(a.id)).join(", "));
    }
    if (e.patientAuthored) detail(dl, "Written by", "the patient");
    if (e.emergencyReason) detail(dl, "Reason given", e.emergencyReason);
    if (e.action === "emergency-access-opened" && e.notAfter) detail(dl, "Ends", when.format(new Date(e.notAfter * 1000)));
    if (e.categoryWord || e.category) detail(dl, "Kind of record", e.categoryWord || short(e.category));
    if (e.scopesText) detail(dl, "May", e.scopesText);
    if (e.maxUses) detail(dl, "Uses allowed", String(e.maxUses));
    li.appendChild(dl);
    const chain = el("details", "chain");
    chain.appendChild(el("summary", "", "On the chain"));
    const cdl = el("dl", "details");
    detail(cdl, "Block", String(e.blockNumber) + ", event " + e.logIndex);
    detail(cdl, "Transaction", e.txHash, "code");
    if (e.capsuleRef) detail(cdl, "Key capsule", e.capsuleRef, "code");
    if (e.gateRef) detail(cdl, "Access gate", e.gateRef, "code");
    chain.appendChild(cdl);
    li.appendChild(chain);
    list.appendChild(li);
  }
  list.hidden = false;
}

// loading is the page request in flight: a second click waits for it rather than asking for
// the same page twice.
let loading = null;

function loadMore() {
  if (!loading) loading = load().finally(() => { loading = null; });
  return loading;
}

async function load() {
  const q = new URLSearchParams({ limit: "50", order: "newest" });
  if (state.next) q.set("cursor", state.next);
  const page = await api("/v1/patients/" + state.patient + "/timeline?" + q);
  Object.assign(state.people, page.people || {});
  render(page.entries);
  state.next = page.next || "";
  document.getElementById("more").hidden = !state.next;
  const n = document.querySelectorAll("li.entry").length;
  document.getElementById("status").textContent = n === 0 ? "Nothing has happened to these records yet." :
    (n === 1 ? "1 entry" : n + " entries") + ", newest first" + (state.next ? "" : "; that is all of them") + ".";
}

// named is how the header calls an address: the name the directory gave, and the address.
function named(address) {
  const p = state.people[address] || {};
  return p.name ? p.name + " (" + address + ")" : address;
}

function showWho() {
  document.getElementById("who").textContent = "Signed in as " + named(state.me) +
    (state.patient !== state.me ? ", reading the records of " + named(state.patient) : "");
}

async function walletSignIn() {
  const [address] = await window.ethereum.request({ method: "eth_requestAccounts" });
  const ch = await api("/v1/auth/challenge", { method: "POST", body: JSON.stringify({ address }) });
  const signature = await window.ethereum.request({ method: "personal_sign", params: [ch.message, address] });
  const tok = await api("/v1/auth/token", { method: "POST", body: JSON.stringify({ address, nonce: ch.nonce, signature }) });
  sessionStorage.setItem("emrchain-token", tok.token);
  state.token = tok.token;
  await start();
}

async function start() {
  const me = await api("/v1/me");
  state.me = me.address;
  state.patient = state.patient || me.address;
  showWho();
  document.getElementById("signin").hidden = true;
  await loadMore();
  showWho(); // the page names people once it has their enrolments
}

function fail(err) {
  document.getElementById("status").textContent = "Error: " + err.message;
}

document.addEventListener("DOMContentLoaded", () => {
  const p = params();
  state.token = p.token;
  state.patient = p.patient;
  if (p.token) sessionStorage.setItem("emrchain-token", p.token);
  history.replaceState(null, "", location.pathname); // keep the token out of the address bar
  const wallet = document.getElementById("wallet");
  if (window.ethereum) {
    wallet.hidden = false;
    wallet.addEventListener("click", () => walletSignIn().catch(fail));
  }
  document.getElementById("more").addEventListener("click", () => loadMore().catch(fail));
  if (state.token) start().catch(fail);
});
