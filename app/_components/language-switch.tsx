import { getLocale, getTranslations } from 'next-intl/server';
import { switchLocaleAction } from '@/app/_actions/locale';

/** Two buttons, no JavaScript needed: the current language is marked, the other submits. */
export async function LanguageSwitch({ className = '' }: { className?: string }) {
  const locale = await getLocale();
  const t = await getTranslations('common.language');
  return (
    <form action={switchLocaleAction} className={`flex items-center rounded-md border border-slate-300 bg-white text-xs ${className}`} aria-label={t('label')}>
      {(['zh-CN', 'en'] as const).map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          aria-pressed={locale === l}
          lang={l}
          className={`px-2.5 py-1.5 first:rounded-l-md last:rounded-r-md ${locale === l ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
        >
          {l === 'zh-CN' ? '中文' : 'EN'}
        </button>
      ))}
    </form>
  );
}
