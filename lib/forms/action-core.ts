import type { Database } from '@/db/client';
import type { Viewer } from '@/lib/authz/viewer';
import type { RequestMeta } from '@/lib/http/request-meta';
import type { MessageKey, MessageParams, Msg } from '@/lib/i18n/catalog';
import { describeFailure, type Failure } from './describe';
import type { FormResult, FormValues } from './result';
import { formValues } from './values';

/** What an action's body gets: the database, who is asking, the request's address, what was sent. */
export type ActionContext = {
  db: Database;
  viewer: Viewer | null;
  meta: RequestMeta;
  /** The submitted text fields, unparsed: lib parses them (once) with its schema. */
  values: FormValues;
  /** For files: uploadsOf(c.formData, 'attachments'). */
  formData: FormData;
};

/** Puts a message into words in the viewer's language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** A page path, or `{ layout: path }` for everything under a layout (e.g. a language or time-zone change). */
export type RevalidateTarget = string | { layout: string };

type Message<R> = MessageKey | Msg | ((result: R, c: ActionContext) => MessageKey | Msg | undefined);

export type ActionOptions<R, D> = {
  /** Shown on success (a short confirmation in the viewer's language). */
  success?: Message<R>;
  /** Paths whose pages show what changed. */
  revalidate?: RevalidateTarget[] | ((result: R, c: ActionContext) => RevalidateTarget[]);
  /** Where to go after success (e.g. the created item). Runs after revalidation. */
  redirect?: (result: R, c: ActionContext) => string | undefined;
  /** Keep the submitted values after success (edit forms that stay on the page); default true. */
  keepValues?: boolean;
  /**
   * Data the client form needs from the result (default none). `t` puts messages into words on
   * the server, so client components need no catalogs.
   */
  data?: (result: R, t: Translate) => D;
};

/** What the wrapper needs from the framework; lib/http/action.ts binds it to Next.js. */
export type ActionRuntime = {
  context: (values: FormValues, formData: FormData) => Promise<ActionContext>;
  translator: () => Promise<Translate>;
  revalidate: (target: RevalidateTarget) => void;
  redirect: (to: string) => never;
  /** Rethrows the framework's own control-flow errors (redirect, notFound) untouched. */
  rethrowControlFlow: (e: unknown) => void;
};

const asMsg = (m: MessageKey | Msg): Msg => (typeof m === 'string' ? { key: m } : m);

/** A described failure in the viewer's language; field messages may use the form message's params. */
export function failureResult<D>(f: Failure, t: Translate, seq: number, values: FormValues): FormResult<D> {
  const fieldErrors: Record<string, string> = {};
  for (const [name, m] of Object.entries(f.fieldErrors)) fieldErrors[name] = t(m.key, { ...f.message.params, ...m.params });
  return { ok: false, seq, message: t(f.message.key, f.message.params), fieldErrors, values: f.values ? { ...values, ...f.values } : values };
}

/**
 * The one action wrapper: builds the context, runs the lib call (which checks the viewer and
 * parses the input, once), maps expected failures (AppError, zod) to a FormResult with a message
 * per field in the viewer's language and the typed values kept, then revalidates and redirects or
 * confirms. Anything unexpected is rethrown to the error page and the server log.
 */
export function makeFormAction(runtime: ActionRuntime) {
  return function formAction<R, D = undefined>(run: (c: ActionContext) => Promise<R>, options: ActionOptions<R, D> = {}) {
    return async (prev: FormResult<D> | undefined, formData: FormData): Promise<FormResult<D>> => {
      const seq = (prev?.seq ?? 0) + 1;
      const values = formValues(formData);
      const c = await runtime.context(values, formData);
      let result: R;
      try {
        result = await run(c);
      } catch (e) {
        runtime.rethrowControlFlow(e);
        const f = describeFailure(e);
        if (!f) throw e;
        return failureResult<D>(f, await runtime.translator(), seq, values);
      }
      const targets = typeof options.revalidate === 'function' ? options.revalidate(result, c) : (options.revalidate ?? []);
      for (const target of targets) runtime.revalidate(target);
      const to = options.redirect?.(result, c);
      if (to) runtime.redirect(to);
      const m = typeof options.success === 'function' ? options.success(result, c) : options.success;
      const t = m || options.data ? await runtime.translator() : null;
      const msg = m ? asMsg(m) : null;
      return {
        ok: true,
        seq,
        message: t && msg ? t(msg.key, msg.params) : undefined,
        values: options.keepValues === false ? undefined : values,
        data: t && options.data ? options.data(result, t) : undefined,
      };
    };
  };
}
