// Read-only view of one timeline. Everything shown comes from the indexer's JSON API and is
// written with textContent, never as HTML.
"use strict";

const state = { token: "", patient: "", next: "" };

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
  return s && s.length > 14 ? s.slice(0, 8) + "…" + s.slice(-4) : (s || "");
}

function cell(row, text, cls, title) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  if (title) td.title = title;
  row.appendChild(td);
}

function render(entries) {
  const body = document.querySelector("#timeline tbody");
  for (const e of entries) {
    const tr = document.createElement("tr");
    tr.className = "entry " + e.outcome;
    tr.dataset.action = e.action;
    cell(tr, e.time.replace("T", " ").replace("Z", ""));
    cell(tr, e.action);
    cell(tr, e.actor ? short(e.actor) + (e.actorRole ? " (" + e.actorRole + ")" : "") : "", "addr", e.actor);
    cell(tr, short(e.record), "hash", e.record);
    cell(tr, e.version ? String(e.version) : "");
    cell(tr, e.counterpart ? short(e.counterpart) + (e.counterpartRole ? " (" + e.counterpartRole + ")" : "") : "", "addr", e.counterpart);
    cell(tr, e.reason ? e.outcome + " (" + e.reason + ")" : e.outcome);
    cell(tr, e.blockNumber + ":" + e.logIndex, "", e.txHash);
    body.appendChild(tr);
  }
  document.getElementById("timeline").hidden = false;
}

async function load() {
  const q = new URLSearchParams({ limit: "100" });
  if (state.next) q.set("cursor", state.next);
  const page = await api("/v1/patients/" + state.patient + "/timeline?" + q);
  render(page.entries);
  state.next = page.next || "";
  document.getElementById("more").hidden = !state.next;
  document.getElementById("status").textContent = document.querySelectorAll("tr.entry").length + " entries";
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
  state.patient = state.patient || me.address;
  document.getElementById("who").textContent = "Signed in as " + me.address + (state.patient !== me.address ? ", auditing " + state.patient : "");
  document.getElementById("signin").hidden = true;
  await load();
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
  document.getElementById("more").addEventListener("click", () => load().catch(fail));
  if (state.token) start().catch(fail);
});
