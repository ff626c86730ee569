// Cluster primary for `npm start` with several web processes (scripts/web-processes.ts):
//   node scripts/web-cluster.mjs <count> <next bin> start -p <port>
// Forks <count> workers that each run the Next.js CLI with the given arguments; their
// server.listen() calls share one port through the cluster module (round robin). A worker that
// exits unexpectedly is started again (at most once every 5 s each); SIGTERM/SIGINT stop all.
import cluster from 'node:cluster';

const [count, nextBin, ...args] = process.argv.slice(2);
const n = Math.max(1, Number(count) || 1);
let stopping = false;
const lastStart = new Map();

cluster.setupPrimary({ exec: nextBin, args, silent: false });

function fork(slot) {
  const w = cluster.fork({ PLAZA_WEB_SLOT: String(slot) });
  lastStart.set(slot, Date.now());
  w.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[plaza] web process ${slot + 1}/${n} exited (${signal || code}); starting it again`);
    const wait = Math.max(0, 5000 - (Date.now() - lastStart.get(slot)));
    setTimeout(() => fork(slot), wait);
  });
}

for (let i = 0; i < n; i++) fork(i);
console.log(`[plaza] ${n} web processes share the port (scripts/web-cluster.mjs)`);

function stop() {
  if (stopping) return;
  stopping = true;
  const workers = Object.values(cluster.workers || {});
  if (workers.length === 0) process.exit(0);
  let left = workers.length;
  for (const w of workers) {
    w.once('exit', () => { if (--left === 0) process.exit(0); });
    w.process.kill('SIGTERM');
  }
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
