// Fixed-rate (open-loop) load: `node scripts/load.mjs URL RATE SECONDS` sends POST URL at RATE
// requests/s for SECONDS, each with its own Idempotency-Key (so every request creates a checkout
// session), and prints latency percentiles measured from the moment each request was due, so a
// slow server cannot hide its queue by slowing the sender (coordinated omission). oha's --qps
// does the same but sends one fixed set of headers, and a fixed key would measure replays.
import http from 'node:http';

const [url, rate = '1000', seconds = '5'] = process.argv.slice(2);
const target = new URL(url);
const body = JSON.stringify({ kind: 'subscription', plan: 'pro', interval: 'annual', currency: 'EUR',
  success_url: 'http://127.0.0.1:8080/', cancel_url: 'http://127.0.0.1:8080/' });
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const total = Math.round(Number(rate) * Number(seconds));
const latencies = [];
const statuses = new Map();
let failures = 0;

function send(i, due) {
  return new Promise((resolve) => {
    const request = http.request(target, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': `load-${process.pid}-${i}` },
    }, (response) => {
      response.resume();
      response.on('end', () => {
        latencies.push(performance.now() - due);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        resolve();
      });
    });
    request.on('error', () => { failures++; resolve(); });
    request.end(body);
  });
}

const start = performance.now() + 50;
const pending = [];
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / Number(rate);
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  pending.push(send(i, due));
}
await Promise.all(pending);
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(2) ?? '-';
console.log(`  ${latencies.length} answers in ${elapsed.toFixed(1)} s (${(latencies.length / elapsed).toFixed(0)}/s asked ${rate}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}, failures ${failures}`);
console.log(`  latency from due time: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${at(1 - 1e-9)} ms`);
agent.destroy();
