/**
 * What a form's server action returns, shared by server actions and client forms (no
 * server-only imports here). Messages are full catalog keys shown in the viewer's language;
 * `values` keeps what was typed after a refusal; `seq` grows on every submission so fields
 * re-mount with the returned values.
 */
export type FormState<V = string> = {
  ok: boolean;
  seq: number;
  message?: string;
  messageParams?: Record<string, string | number>;
  fieldErrors?: Record<string, string>;
  values?: Record<string, V>;
};
