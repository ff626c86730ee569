import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { insertPerson, insertUnit } from '../db/seed/factories';
import { loadViewer } from '../lib/authz/load-viewer';
import { openFileForViewer } from '../lib/files/queries';
import { addArticleFileStream } from '../lib/kb/files';
import { createArticle, saveSpace } from '../lib/kb/mutations';

/**
 * Memory while large documents go up and down at once, on a scratch database:
 *   npm run bench:files [-- --n=10] [--mb=100]
 * n uploads of `mb` MB each run at the same time through lib/kb's streamed upload (the code the
 * upload route runs: checked while streaming, stored in 1 MiB chunks), then n downloads at once
 * through lib/files' streamed read (the download route's code), each read as a slow client would.
 * The process's resident memory is sampled every 50 ms; a process that held the files would need
 * n × mb MB more.
 */
const MB = 1024 * 1024;

async function main() {
  const n = Number(process.argv.find((a) => a.startsWith('--n='))?.slice(4) ?? 10);
  const mb = Number(process.argv.find((a) => a.startsWith('--mb='))?.slice(5) ?? 100);
  const adminUrl = await findTestServer();
  const name = `plaza_bench_files_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db = createDb(withDatabase(adminUrl, name), n + 4);
  let peak = 0;
  const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
  const timer = setInterval(sample, 50);
  try {
    await migrateToLatest(db);
    const unit = await insertUnit(db, { name: '信息技术部' });
    const owner = (await loadViewer(db, await insertPerson(db, { email: 'owner@bench.example', unitId: unit })))!;
    const space = (await saveSpace(db, owner, { name: '文档库', viewEveryone: 'on', editUnits: [unit] })).id;
    const articles = await Promise.all(Array.from({ length: n }, async (_, i) => (await createArticle(db, owner, { spaceId: space, title: `图纸 ${i}`, body: 'x' })).id));
    global.gc?.();
    const base = process.memoryUsage().rss;
    peak = base;
    console.log(`baseline RSS ${(base / MB).toFixed(0)} MB; load ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);

    const body = (i: number) => {
      let sent = 0;
      const head = Buffer.from(`%PDF-1.4\n% document ${i}\n`);
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent >= mb * MB) { c.close(); return; }
          const piece = new Uint8Array(Math.min(64 * 1024, mb * MB - sent)).fill(0x20 + (i % 90));
          if (sent === 0) piece.set(head);
          sent += piece.byteLength;
          c.enqueue(piece);
        },
      });
    };
    const t0 = performance.now();
    const up = await Promise.all(articles.map((id, i) => addArticleFileStream(db, owner, { id, name: `图纸-${i}.pdf` }, body(i), { maxBytes: (mb + 1) * MB })));
    const t1 = performance.now();
    const upPeak = peak;
    console.log(`${n} × ${mb} MB up at once: ${((t1 - t0) / 1000).toFixed(1)} s, peak RSS ${(upPeak / MB).toFixed(0)} MB (+${((upPeak - base) / MB).toFixed(0)} MB over baseline)`);

    peak = process.memoryUsage().rss;
    const downBase = peak;
    const t2 = performance.now();
    const sizes = await Promise.all(up.map(async (u) => {
      const f = await openFileForViewer(db, owner, u.fileId);
      let size = 0;
      for await (const piece of f.stream as unknown as AsyncIterable<Uint8Array>) {
        size += piece.byteLength;
        await new Promise((r) => setTimeout(r, 1)); // a client taking its time
      }
      return size;
    }));
    const t3 = performance.now();
    if (sizes.some((s) => s !== mb * MB)) throw new Error(`a download came back short: ${sizes.join(', ')}`);
    console.log(`${n} × ${mb} MB down at once: ${((t3 - t2) / 1000).toFixed(1)} s, peak RSS ${(peak / MB).toFixed(0)} MB (+${((peak - downBase) / MB).toFixed(0)} MB over the start of the downloads)`);
    console.log(`load ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    clearInterval(timer);
    await db.destroy();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
