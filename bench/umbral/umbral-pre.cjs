// Times umbral-pre (the @nucypher/umbral-pre npm package: Rust compiled to WASM) on this machine,
// for `emrchain bench` to set beside emrchain's own PRE and threshold-PRE figures measured in the
// same run. It prints one JSON object on stdout:
//
//   {"package": "@nucypher/umbral-pre", "version": "0.10.0", "node": "v20…",
//    "sizes": {"capsule": …, "kfrag": …, "cfrag": …},
//    "ops": {"<name>": {"cpu_ms": …, "ms": …, "calls": …}, …}}
//
// with cpu_ms and ms the fastest run's mean CPU and wall milliseconds per call.
//
// Usage: node umbral-pre.cjs '{"ms": 250, "warmMs": 100, "wallMs": 3000, "runs": 3, "threshold": 3, "shares": 5}'
//   ms      CPU time each run of each operation loops for (default 250)
//   warmMs  CPU time of untimed calls before an operation's runs (default 100)
//   wallMs  the most wall time a run may take, on a busy machine (default 3000)
//   runs    runs per operation; the fastest run's means are reported (default 3)
//   threshold, shares: the kfrag split (default 3-of-5)
//   only    optional list of operation names to time
//
// Every operation's result is checked once before it is timed (decryption returns the
// plaintext, a cfrag verifies), so a figure is never of a call that fails. The package is the
// one scripts/setup.sh installs in the repository's node_modules (package-lock.json pins it):
// node finds it above this file, or above the working directory when `emrchain bench` feeds
// the script on stdin from the repository root.
'use strict';

const umbral = require('@nucypher/umbral-pre');
const pkg = require('@nucypher/umbral-pre/package.json');

function fail(msg) {
  process.stderr.write(`umbral-pre bench: ${msg}\n`);
  process.exit(1);
}

const cfg = Object.assign({ ms: 250, warmMs: 100, wallMs: 3000, runs: 3, threshold: 3, shares: 5 }, JSON.parse(process.argv[2] || '{}'));
if (!(cfg.ms > 0 && cfg.warmMs >= 0 && cfg.wallMs > 0 && cfg.runs >= 1 && cfg.threshold >= 1 && cfg.shares >= cfg.threshold)) {
  fail(`bad configuration ${JSON.stringify(cfg)}`);
}

function equal(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// dispose frees the WASM memory behind a result, so a long loop does not grow the heap it is
// timing (freeing is part of the cost of a call in JavaScript, as dropping is in Rust).
function dispose(v) {
  if (Array.isArray(v)) v.forEach(dispose);
  else if (v && typeof v.free === 'function') v.free();
}

function cpuSince(c0) {
  const used = process.cpuUsage(c0);
  return used.user + used.system;
}

// time runs op in batches that double in size until it has used cfg.ms of CPU time (or
// cfg.wallMs of wall time, on a machine too busy to give it that), cfg.runs times, and returns
// the fastest run's mean CPU and wall milliseconds per call. CPU time (this process's, user +
// system, so it includes V8's own threads) is what the comparison uses: on a shared machine
// wall time mostly measures the neighbours. The clocks are read only between batches.
function time(op) {
  // Warm up first: V8 compiles WASM with a baseline tier and optimises hot functions later,
  // and each round runs in a fresh node process, so untimed calls come first.
  const w0 = process.cpuUsage();
  for (let i = 0; i < 3 || cpuSince(w0) < cfg.warmMs * 1000; i++) dispose(op());
  let best = { cpu_ms: Infinity, ms: Infinity };
  let calls = 0;
  for (let r = 0; r < cfg.runs; r++) {
    let n = 0;
    let batch = 1;
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let cpu = 0;
    let wall = 0n;
    for (;;) {
      for (let i = 0; i < batch; i++) dispose(op());
      n += batch;
      cpu = cpuSince(c0);
      wall = process.hrtime.bigint() - t0;
      if (n >= 3 && (cpu >= cfg.ms * 1000 || wall >= BigInt(cfg.wallMs) * 1000000n)) break;
      batch = Math.min(2 * batch, 1024);
    }
    calls += n;
    best = { cpu_ms: Math.min(best.cpu_ms, cpu / 1000 / n), ms: Math.min(best.ms, Number(wall) / 1e6 / n) };
  }
  return { ...best, calls };
}

const plaintext = new Uint8Array(32).map((_, i) => i + 1); // a 32-byte data key, as emrchain wraps
const aliceSk = umbral.SecretKey.random();
const alicePk = aliceSk.publicKey();
const bobSk = umbral.SecretKey.random();
const bobPk = bobSk.publicKey();
const signer = new umbral.Signer(umbral.SecretKey.random());
const verifyingPk = signer.verifyingKey();

const [capsule, ciphertext] = umbral.encrypt(alicePk, plaintext);
const kfrags = umbral.generateKFrags(aliceSk, bobPk, signer, cfg.threshold, cfg.shares, true, true);
const kfrag1 = umbral.generateKFrags(aliceSk, bobPk, signer, 1, 1, true, true)[0];
const vcfrags = kfrags.map((k) => umbral.reencrypt(capsule, k));
const cfragBytes = vcfrags[0].toBytes();

// Checks before timing.
if (!equal(umbral.decryptOriginal(aliceSk, capsule, ciphertext), plaintext)) fail('decryptOriginal');
if (!equal(umbral.decryptReencrypted(bobSk, alicePk, capsule, vcfrags.slice(0, cfg.threshold), ciphertext), plaintext)) {
  fail('decryptReencrypted with threshold cfrags');
}
if (!equal(umbral.decryptReencrypted(bobSk, alicePk, capsule, [umbral.reencrypt(capsule, kfrag1)], ciphertext), plaintext)) {
  fail('decryptReencrypted with one cfrag');
}
umbral.CapsuleFrag.fromBytes(cfragBytes).verify(capsule, verifyingPk, alicePk, bobPk);

const ops = {
  // Wrapping a 32-byte key to the delegating key: capsule + DEM.
  encrypt: () => time(() => umbral.encrypt(alicePk, plaintext)),
  // The delegator's own decryption.
  decryptOriginal: () => time(() => umbral.decryptOriginal(aliceSk, capsule, ciphertext)),
  // A 1-of-1 grant and re-encryption: the single-proxy PRE comparison.
  generateKFrags_1of1: () => time(() => umbral.generateKFrags(aliceSk, bobPk, signer, 1, 1, true, true)),
  reencrypt: () => time(() => umbral.reencrypt(capsule, kfrag1)),
  decryptReencrypted_1: () => {
    const one = [umbral.reencrypt(capsule, kfrag1)];
    return time(() => umbral.decryptReencrypted(bobSk, alicePk, capsule, one, ciphertext));
  },
  // The threshold split: t-of-n kfrags, signed over both keys as nucypher does.
  generateKFrags_threshold: () => time(() => umbral.generateKFrags(aliceSk, bobPk, signer, cfg.threshold, cfg.shares, true, true)),
  // One proxy's cfrag with its correctness proof (the kfrag's share; the same call as reencrypt).
  reencrypt_threshold: () => time(() => umbral.reencrypt(capsule, kfrags[1])),
  // Checking one cfrag from its bytes: parse, then verify its proof and the kfrag signature.
  // verify consumes the parsed cfrag, so each call parses afresh (timed: our side parses too).
  verifyCFrag: () => time(() => umbral.CapsuleFrag.fromBytes(cfragBytes).verify(capsule, verifyingPk, alicePk, bobPk)),
  // Combining t verified cfrags and opening: umbral-pre's API does both in one call.
  decryptReencrypted_threshold: () => {
    const t = vcfrags.slice(0, cfg.threshold);
    return time(() => umbral.decryptReencrypted(bobSk, alicePk, capsule, t, ciphertext));
  },
};

const out = {
  package: '@nucypher/umbral-pre',
  version: pkg.version,
  node: process.version,
  threshold: cfg.threshold,
  shares: cfg.shares,
  sizes: { capsule: capsule.toBytes().length, kfrag: kfrags[0].toBytes().length, cfrag: cfragBytes.length },
  ops: {},
};
for (const [name, run] of Object.entries(ops)) {
  if (Array.isArray(cfg.only) && !cfg.only.includes(name)) continue;
  out.ops[name] = run();
}
process.stdout.write(JSON.stringify(out) + '\n');
