import { getTranslations } from 'next-intl/server';
import { FieldError } from '@/app/_components/form';
import { ACCEPT_ATTRIBUTE, MAX_FILES_PER_ITEM } from '@/lib/files/limits';

/** Files for a task (checked by lib/files on the server): a plain file input, works without JavaScript. */
export async function AttachmentField({ id = 'task-attachments' }: { id?: string }) {
  const t = await getTranslations('tasks');
  return (
    <div>
      <label htmlFor={id} className="label">{t('form.attachments')}</label>
      <input id={id} name="attachments" type="file" multiple accept={ACCEPT_ATTRIBUTE} className="block w-full text-sm" data-testid={id} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{t('form.attachmentsHint', { max: MAX_FILES_PER_ITEM })}</p>
      <FieldError name="attachments" />
    </div>
  );
}
