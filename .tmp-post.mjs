import crypto from 'node:crypto';
const require_random = (n) => crypto.randomBytes(n).toString('base64').slice(0, n);
const origin = process.argv[2]; const n = Number(process.argv[3] ?? 3); const kb = Number(process.argv[4] ?? 1);
const html = await (await fetch(`${origin}/complaints/new`)).text();
const hidden = [];
for (const input of html.match(/<input[^>]*>/g) ?? []) { const name = /name="(\$ACTION[^"]*)"/.exec(input)?.[1]; if (!name) continue; hidden.push([name, (/value="([^"]*)"/.exec(input)?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')]); }
for (let i = 0; i < n; i++) {
  const form = new FormData();
  for (const [k, v] of hidden) form.append(k, v);
  form.append('domain', 'shop.example'); form.append('category', 'data_sale'); form.append('description', 'The site sold its customer list to a third party, against its promise.'); form.append('contactedCompany', 'no'); form.append('complainantName', 'Pat Probe'); form.append('complainantEmail', `p${Date.now()}${i}@example.com`);
  for (let left = kb * 1024, j = 0; left > 0; left -= 2097152, j++) form.append('evidence', new Blob([Buffer.from(require_random(Math.min(left, 2097152)))], { type: 'text/plain' }), `e${j}.txt`);
  const t = performance.now();
  try { const r = await fetch(`${origin}/complaints/new`, { method: 'POST', body: form, headers: { 'X-Forwarded-For': `198.51.${Math.floor(Math.random()*250)}.${i % 250}` }, signal: AbortSignal.timeout(20000) }); const text = await r.text(); const msg = /role="alert"[^>]*>([^<]{0,200})/.exec(text)?.[1] ?? (/complaint-reference">([^<]*)/.exec(text)?.[1] ?? text.slice(0, 100)); console.log(r.status, Math.round(performance.now() - t), 'ms', msg); } catch (e) { console.log('failed', Math.round(performance.now() - t), 'ms', e.message); }
}
