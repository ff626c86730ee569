import { getTranslations } from 'next-intl/server';

/** The header's search box on every page: a plain GET form to /search (works without JavaScript). */
export async function SearchBox() {
  const t = await getTranslations('kb.search');
  return (
    <form method="get" action="/search" role="search" className="min-w-0 w-full max-w-sm" data-testid="header-search">
      <label htmlFor="header-q" className="sr-only">{t('label')}</label>
      <input id="header-q" name="q" type="search" maxLength={200} placeholder={t('placeholder')} className="input h-8 w-full py-1 text-sm" data-testid="header-search-q" />
    </form>
  );
}
