import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError, conflict, invalidFields, notFound } from '@/lib/errors';
import type { Viewer } from '@/lib/authz/viewer';
import { makeFormAction, type ActionRuntime } from './action-core';
import { describeFailure } from './describe';
import { parseInput } from './parse';
import { checkbox, emailSchema, list, requiredText } from './schema';
import { formValues } from './values';

describe('describeFailure (the one mapper)', () => {
  it('maps zod issues to catalog messages per field, first issue wins, {max} from the issue', () => {
    const schema = z.object({ title: requiredText(5), email: emailSchema, nested: z.object({ n: z.number({ error: 'errors.validation.number' }) }) });
    const r = schema.safeParse({ title: 'much too long', email: 'Bob <b@x.example>', nested: { n: 'x' } });
    expect(describeFailure(r.error)).toEqual({
      code: 'INVALID',
      message: { key: 'errors.checkFields' },
      fieldErrors: {
        title: { key: 'errors.validation.tooLong', params: { max: 5 } },
        email: { key: 'errors.validation.emailInvalid', params: {} },
        'nested.n': { key: 'errors.validation.number', params: {} },
      },
    });
  });

  it('a zod message that is not a catalog key becomes the generic one', () => {
    const r = z.object({ a: z.string() }).safeParse({ a: 1 });
    expect(describeFailure(r.error)?.fieldErrors.a.key).toBe('errors.validation.invalid');
    const r2 = z.object({ a: z.string({ error: 'no.such.key' }) }).safeParse({});
    expect(describeFailure(r2.error)?.fieldErrors.a.key).toBe('errors.validation.invalid');
  });

  it('maps AppErrors with their own message, params and fields', () => {
    expect(describeFailure(notFound())).toEqual({ code: 'NOT_FOUND', message: { key: 'errors.NOT_FOUND', params: undefined }, fieldErrors: {} });
    expect(describeFailure(conflict('admin.org.errors.hasChildren', { params: { count: 2 } }))).toMatchObject({ code: 'CONFLICT', message: { key: 'admin.org.errors.hasChildren', params: { count: 2 } } });
    expect(describeFailure(invalidFields({ name: 'admin.org.errors.nameTaken' }, undefined, 'CONFLICT'))).toMatchObject({
      code: 'CONFLICT',
      message: { key: 'errors.checkFields' },
      fieldErrors: { name: { key: 'admin.org.errors.nameTaken' } },
    });
  });

  it('an invalid uuid reaching PostgreSQL is not found; anything else is not described', () => {
    expect(describeFailure(Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }))?.code).toBe('NOT_FOUND');
    expect(describeFailure(new Error('boom'))).toBeNull();
    expect(describeFailure('x')).toBeNull();
  });

  it('parseInput throws an INVALID AppError carrying the field messages', () => {
    expect(() => parseInput(z.object({ title: requiredText(10) }), { title: '  ' })).toThrow(AppError);
    try {
      parseInput(z.object({ title: requiredText(10) }), {});
    } catch (e) {
      expect(describeFailure(e)?.fieldErrors.title.key).toBe('errors.validation.required');
    }
  });
});

describe('form values and field helpers', () => {
  it('repeated names become arrays; files and Next fields are left out', () => {
    const fd = new FormData();
    fd.append('units', 'a');
    fd.append('units', 'b');
    fd.append('title', 'x');
    fd.append('$ACTION_ID_123', '');
    fd.append('file', new File(['x'], 'x.txt'));
    expect(formValues(fd)).toEqual({ units: ['a', 'b'], title: 'x' });
  });

  it('checkbox and list read what browsers send', () => {
    const s = z.object({ on: checkbox, off: checkbox, one: list(z.string()), many: list(z.string()), none: list(z.string()) });
    expect(s.parse({ on: 'on', one: 'a', many: ['a', 'b'] })).toEqual({ on: true, off: false, one: ['a'], many: ['a', 'b'], none: [] });
  });
});

const viewer = { id: 'v', kind: 'employee', status: 'active' } as Viewer;

function runtime(overrides: Partial<ActionRuntime> = {}) {
  const calls = { revalidated: [] as unknown[], redirected: [] as string[] };
  const rt: ActionRuntime = {
    context: async (values, formData) => ({ db: {} as never, viewer, meta: { ip: null, userAgent: null }, values, formData }),
    translator: async () => (key, params) => `${key}${params && Object.keys(params).length ? JSON.stringify(params) : ''}`,
    revalidate: (t) => calls.revalidated.push(t),
    redirect: (to) => {
      calls.redirected.push(to);
      throw new Error(`REDIRECT ${to}`);
    },
    rethrowControlFlow: (e) => {
      if (e instanceof Error && e.message.startsWith('REDIRECT')) throw e;
    },
    ...overrides,
  };
  return { formAction: makeFormAction(rt), calls };
}

const form = (entries: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
};

describe('formAction (the one action wrapper)', () => {
  it('passes the context to the lib call, revalidates, confirms and keeps values', async () => {
    const { formAction, calls } = runtime();
    const run = vi.fn(async (c: { values: unknown; viewer: unknown }) => ({ id: '1', seen: c.values }));
    const action = formAction(run, { success: 'admin.org.renamed', revalidate: (r) => [`/x/${r.id}`, { layout: '/' }] });
    const r = await action({ ok: false, seq: 4 }, form({ name: '新' }));
    expect(run).toHaveBeenCalledOnce();
    expect(run.mock.calls[0][0].viewer).toBe(viewer);
    expect(r).toEqual({ ok: true, seq: 5, message: 'admin.org.renamed', values: { name: '新' }, data: undefined });
    expect(calls.revalidated).toEqual(['/x/1', { layout: '/' }]);
  });

  it('maps a refusal to messages per field and keeps what was typed; nothing revalidated', async () => {
    const { formAction, calls } = runtime();
    const action = formAction(async () => {
      throw invalidFields({ email: { key: 'errors.validation.emailInvalid' } });
    }, { revalidate: ['/never'] });
    const r = await action(undefined, form({ email: 'bad', name: 'kept' }));
    expect(r).toEqual({ ok: false, seq: 1, message: 'errors.checkFields', fieldErrors: { email: 'errors.validation.emailInvalid' }, values: { email: 'bad', name: 'kept' } });
    expect(calls.revalidated).toEqual([]);
  });

  it('redirects after success, and never on failure', async () => {
    const { formAction, calls } = runtime();
    await expect(formAction(async () => ({ id: '7' }), { redirect: (r) => `/items/${r.id}` })(undefined, form({}))).rejects.toThrow('REDIRECT /items/7');
    expect(calls.redirected).toEqual(['/items/7']);
    await formAction(async () => { throw notFound(); }, { redirect: () => '/no' })(undefined, form({}));
    expect(calls.redirected).toEqual(['/items/7']);
  });

  it('rethrows unexpected errors and the framework control flow', async () => {
    const { formAction } = runtime();
    await expect(formAction(async () => { throw new Error('db down'); })(undefined, form({}))).rejects.toThrow('db down');
    await expect(formAction(async () => { throw new Error('REDIRECT /sign-in'); })(undefined, form({}))).rejects.toThrow('REDIRECT /sign-in');
  });

  it('hands data in words to the client and can forget the values (add-forms)', async () => {
    const { formAction } = runtime();
    const r = await formAction(async () => ({ n: 3 }), { keepValues: false, data: (res, t) => t('admin.org.renamed', { n: res.n }) })(undefined, form({ a: 'b' }));
    expect(r).toMatchObject({ ok: true, values: undefined, data: 'admin.org.renamed{"n":3}' });
  });
});
