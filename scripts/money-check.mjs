// Measures the two money bugs issue 10 was about, on any billing-api binary, and prints them:
// a renewal race (20 concurrent reads of a subscription two periods overdue: how many renewal
// payments) and stranded keys (400 checkout creations, kill -9 after 60/100/150 ms, restart,
// retry every key: how many answer 409, how many sessions exist). Figures, never assertions.
// `node scripts/money-check.mjs [BINARY]` (default target/debug/billing-api).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import net from 'node:net';
const bin = process.argv[2] ?? 'target/debug/billing-api';
const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
async function start(db) {
  const port = await freePort();
  const child = spawn(bin, [], { env: { ...process.env, BILLING_ADDR: `127.0.0.1:${port}`, BILLING_DB: db, BILLING_DEV_TOKENS: '1', BILLING_RATE_PER_SECOND: '100000', BILLING_RATE_BURST: '100000' }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) { try { await fetch(`${base}/v1/catalog`); return { base, child }; } catch { await new Promise((r) => setTimeout(r, 25)); } }
  throw new Error('no start');
}
const body = JSON.stringify({ kind: 'credit_pack', pack: 'pack-500', currency: 'USD', success_url: 'http://127.0.0.1:8080/', cancel_url: 'http://127.0.0.1:8080/' });
const create = (base, key) => fetch(`${base}/v1/checkout/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body });
const sql = (db, q) => execFileSync('python3', ['-c', `import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);r=c.execute(sys.argv[2]).fetchall();c.commit();print(r)`, db, q]).toString().trim();

// Crash: 400 creations, kill -9 after 100 ms, restart, retry every key.
for (const delay of [60, 100, 150]) {
  const db = join(mkdtempSync(join(tmpdir(), 'before-')), 'b.sqlite');
  let s = await start(db);
  const keys = Array.from({ length: 400 }, (_, i) => `k-${i}`);
  const burst = Promise.allSettled(keys.map((k) => create(s.base, k)));
  await new Promise((r) => setTimeout(r, delay));
  s.child.kill('SIGKILL');
  await burst;
  if (s.child.exitCode === null && s.child.signalCode === null) await new Promise((r) => s.child.on('exit', r));
  s = await start(db);
  let conflicts = 0, created = 0, other = 0;
  for (const k of keys) { const r = await create(s.base, k); if (r.status === 409) conflicts++; else if (r.status === 201) created++; else other++; }
  const sessions = sql(db, 'SELECT COUNT(*) FROM checkout_sessions');
  console.log(`kill -9 after ${delay} ms: retries 201=${created} 409=${conflicts} other=${other}; sessions in db ${sessions} for ${keys.length} keys`);
  s.child.kill('SIGKILL');
}
// Race: a subscription whose period ran out, read by 20 clients at once.
{
  const db = join(mkdtempSync(join(tmpdir(), 'before-')), 'b.sqlite');
  const s = await start(db);
  const minted = await (await fetch(`${s.base}/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
  const past = Date.now() - 40 * 86400e3;
  // Builds before the credit ledger require plan_credits; later ones have no such column.
  const legacy = sql(db, "SELECT COUNT(*) FROM pragma_table_info('subscriptions') WHERE name = 'plan_credits'").includes('(1,)');
  sql(db, `INSERT INTO subscriptions (customer_id, plan_id, interval, currency, period_start, period_end, paid${legacy ? ', plan_credits' : ''}) VALUES ('${minted.customer_id}', 'basic', 'monthly', 'USD', ${past - 30 * 86400e3}, ${past}, 1000${legacy ? ', 0' : ''})`);
  await Promise.all(Array.from({ length: 20 }, () => fetch(`${s.base}/v1/customer/subscription`, { headers: { authorization: `Bearer ${minted.token}` } })));
  console.log(`20 concurrent reads of a period that ran out 40 days ago: renewal payments ${sql(db, "SELECT COUNT(*) FROM payments WHERE description = 'Renewal'")} (2 periods are due)`);
  s.child.kill('SIGKILL');
}
process.exit(0);
