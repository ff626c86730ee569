import { describe, expect, it } from 'vitest';
import { webCommand, webProcessCount } from './web-processes';

describe('web processes for npm start', () => {
  it('one per core (at most 8), or PLAZA_WEB_PROCESSES', () => {
    expect(webProcessCount({}, 1)).toBe(1);
    expect(webProcessCount({}, 2)).toBe(2);
    expect(webProcessCount({}, 32)).toBe(8);
    expect(webProcessCount({ PLAZA_WEB_PROCESSES: '3' }, 2)).toBe(3);
    expect(webProcessCount({ PLAZA_WEB_PROCESSES: 'x' }, 2)).toBe(2);
  });
  it('a plain next start for one process and for next dev; the cluster primary otherwise', () => {
    expect(webCommand('/n/next', false, 3000, { PLAZA_WEB_PROCESSES: '1' })[1]).toEqual(['/n/next', 'start', '-p', '3000']);
    expect(webCommand('/n/next', true, 3000, { PLAZA_WEB_PROCESSES: '4' })[1]).toEqual(['/n/next', 'dev', '-p', '3000']);
    const [, args] = webCommand('/n/next', false, 3000, { PLAZA_WEB_PROCESSES: '2' });
    expect(args[0]).toMatch(/scripts\/web-cluster\.mjs$/);
    expect(args.slice(1)).toEqual(['2', '/n/next', 'start', '-p', '3000']);
  });
});
