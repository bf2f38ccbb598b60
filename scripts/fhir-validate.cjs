#!/usr/bin/env node
// Validates FHIR R4 JSON files with FHIR.js (the npm package "fhir", pinned in package.json),
// which checks every element against the R4 core definitions it ships: no network.
//
//   node scripts/fhir-validate.cjs FILE...
//
// Errors fail the run. Warnings (codes of our own code systems in extensible value sets) are
// counted, not printed, unless FHIR_VALIDATE_VERBOSE is set. Bundles are also checked for what
// FHIR.js leaves to servers: every entry has a unique, absolute fullUrl that ends in the
// resource's type and id (bdl-7, bdl-8), and a searchset's entries say they matched.
"use strict";
const fs = require("fs");
const { Fhir } = require("fhir");

const fhir = new Fhir();
let failed = false;

function problem(file, where, msg) {
  failed = true;
  console.error(`${file}: ${where}: ${msg}`);
}

function checkBundle(file, b) {
  const seen = new Set();
  (b.entry || []).forEach((e, i) => {
    const where = `Bundle.entry[${i}]`;
    const r = e.resource || {};
    if (!e.fullUrl) return problem(file, where, "no fullUrl");
    if (!/^(https?:\/\/|urn:uuid:)/.test(e.fullUrl)) problem(file, where, `fullUrl ${e.fullUrl} is not absolute`);
    if (seen.has(e.fullUrl)) problem(file, where, `fullUrl ${e.fullUrl} repeats`);
    seen.add(e.fullUrl);
    if (e.fullUrl.startsWith("http") && !e.fullUrl.endsWith(`/${r.resourceType}/${r.id}`)) {
      problem(file, where, `fullUrl ${e.fullUrl} does not end in ${r.resourceType}/${r.id}`);
    }
    if (b.type === "searchset" && (!e.search || e.search.mode !== "match")) problem(file, where, "search.mode is not match");
  });
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: fhir-validate.cjs FILE...");
  process.exit(2);
}
for (const file of files) {
  let resource;
  try {
    resource = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    problem(file, "-", `not JSON: ${err.message}`);
    continue;
  }
  const failedBefore = failed;
  failed = false;
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  let warnings = 0;
  for (const m of result.messages) {
    if (m.severity === "error") problem(file, `${m.location} (${m.resourceId || resource.resourceType})`, m.message);
    else {
      warnings++;
      if (process.env.FHIR_VALIDATE_VERBOSE) console.error(`${file}: ${m.severity}: ${m.location}: ${m.message}`);
    }
  }
  if (!result.valid) failed = true;
  if (resource.resourceType === "Bundle") checkBundle(file, resource);
  console.log(`${file}: ${resource.resourceType}, ${failed ? "invalid" : "valid"} (${warnings} warnings)`);
  failed = failed || failedBefore;
}
process.exit(failed ? 1 : 0);
