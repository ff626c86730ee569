import 'server-only';
import { getTranslations } from 'next-intl/server';
import { quickLinkIcons } from '@/lib/quicklinks/schema';
import type { QuickLinkFormText } from './quick-link-form';

/** The form's words, from the server (client components get no catalogs). */
export async function quickLinkFormText(): Promise<QuickLinkFormText> {
  const t = await getTranslations('home.quickLinks');
  return {
    name: t('name'), nameEn: t('nameEn'), url: t('url'), icon: t('icon'), position: t('position'), audience: t('audience'),
    everyone: t('everyone'), units: t('units'), partnerOrgs: t('partnerOrgs'), save: t('save'),
    icons: quickLinkIcons.map((i) => ({ value: i, label: t(`icons.${i}`) })),
  };
}
