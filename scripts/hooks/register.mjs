// Lets plain Node processes (worker, start script, identity provider) load lib/ modules, which
// begin with `import 'server-only'` — a marker that only React Server Components understand.
import { register } from 'node:module';

register('./server-only-resolve.mjs', import.meta.url);
