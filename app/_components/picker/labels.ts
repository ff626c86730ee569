import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { PickerLabels } from './picker';

/** The picker's few words, from the server (client components get no catalogs). */
export async function pickerLabels(): Promise<PickerLabels> {
  const t = await getTranslations('common.picker');
  return { noResults: t('noResults'), remove: t('remove'), results: t('results'), placeholder: t('placeholder') };
}
