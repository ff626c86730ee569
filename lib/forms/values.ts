import type { FormValues } from './result';

/**
 * The submitted text fields of a form: a name sent once is a string, a name sent several times
 * (checkboxes, multi-selects) an array. Files and Next's internal fields are left out (see
 * uploadsOf); lib schemas read repeated fields with `list()` from lib/forms/schema.
 */
export function formValues(formData: FormData): FormValues {
  const out: FormValues = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v !== 'string' || k.startsWith('$ACTION')) continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export type Upload = { name: string; bytes: Uint8Array };

/**
 * Chosen files of a file input. With no file chosen the browser still sends an empty part with an
 * empty file name; Next hands it over as an empty File named "" or "undefined". Those are skipped;
 * a named empty file is kept (and refused as empty by lib/files).
 */
export async function uploadsOf(formData: FormData, name: string): Promise<Upload[]> {
  const nothingChosen = (f: File) => f.size === 0 && (!f.name || f.name === 'undefined');
  const files = formData.getAll(name).filter((v): v is File => typeof v !== 'string' && !nothingChosen(v));
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}
