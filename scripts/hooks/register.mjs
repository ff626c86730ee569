// Lets plain Node processes (worker, start script, identity provider, benchmarks) load lib/
// modules, which begin with `import 'server-only'` — a marker only React Server Components
// understand. Both module systems are covered: tsx compiles our .ts files to CommonJS.
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';

register('./server-only-resolve.mjs', import.meta.url);

const empty = fileURLToPath(new URL('./empty.cjs', import.meta.url));
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'server-only') return empty;
  return resolveFilename.call(this, request, ...rest);
};
