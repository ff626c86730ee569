/**
 * What every form action returns, shared by server actions and the client form kit
 * (app/_components/form). Messages arrive in words, already in the viewer's language, so client
 * components need no message catalogs. `values` keeps what was typed after a refusal; `seq` grows
 * on every submission so fields re-mount with the returned values.
 */
export type FormValues = Record<string, string | string[]>;

export type FormResult<D = unknown> = {
  ok: boolean;
  seq: number;
  /** For the whole form: a success note or why it was refused. */
  message?: string;
  /** Field name → why it was refused. */
  fieldErrors?: Record<string, string>;
  values?: FormValues;
  /** What an action hands back beyond a message (an import report, a preview). */
  data?: D;
};

export const initialFormResult: FormResult = { ok: false, seq: 0 };
