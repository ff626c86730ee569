'use server';

import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { setOwnTimezone } from '@/lib/people/preferences';

export type TimezoneState = { ok?: boolean; error?: string; value?: string };

export async function updateTimezoneAction(_prev: TimezoneState, formData: FormData): Promise<TimezoneState> {
  const value = String(formData.get('timezone') ?? '');
  try {
    await setOwnTimezone(db(), await getViewer(), value);
  } catch (e) {
    if (e instanceof ZodError) return { error: 'timezoneInvalid', value };
    throw e;
  }
  revalidatePath('/', 'layout');
  return { ok: true, value };
}
