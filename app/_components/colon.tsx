import { getTranslations } from 'next-intl/server';

/** The colon after a label, in the reader's language ("：" in Chinese text, ": " in English). */
export async function Colon() {
  const t = await getTranslations('common');
  return t('colon');
}
