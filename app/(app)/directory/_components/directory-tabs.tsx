import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** People | Org chart: the two read-only views of the company for employees. */
export async function DirectoryTabs({ current }: { current: 'people' | 'org' }) {
  const t = await getTranslations('admin.directory.tabs');
  const tab = (key: 'people' | 'org', href: string) => (
    <Link
      href={href}
      aria-current={current === key ? 'page' : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${current === key ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}
      data-testid={`tab-${key}`}
    >
      {t(key)}
    </Link>
  );
  return (
    <nav aria-label={t('label')} className="mt-3 flex gap-2">
      {tab('people', '/directory')}
      {tab('org', '/org')}
    </nav>
  );
}
