import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { displayName } from '@/lib/people/display-name';
import { getPersonProfile } from '@/lib/people/person-page';
import { DirectoryTabs } from '../../directory/_components/directory-tabs';

type Params = Promise<{ id: string }>;

export async function generateMetadata() {
  const t = await getTranslations('admin.directory.person');
  return { title: t('profile') };
}

/** A colleague's page: names in both languages, unit path, position, heads, chosen contact fields. */
export default async function PersonPage({ params }: { params: Params }) {
  const viewer = await getViewer();
  const { id } = await params;
  const p = await guard(getPersonProfile(db(), viewer, id));
  const locale = await getLocale();
  const t = await getTranslations('admin.directory.person');
  const name = (u: { name: string; nameEn: string | null }) => displayName(u, locale);
  const other = locale === 'en' ? p.name : p.nameEn;
  const contact = [
    p.contact.email ? { key: 'email' as const, value: <a href={`mailto:${p.contact.email}`} className="break-all text-brand-700 hover:underline">{p.contact.email}</a> } : null,
    p.contact.level ? { key: 'level' as const, value: p.contact.level } : null,
    p.contact.timezone ? { key: 'timezone' as const, value: p.contact.timezone } : null,
  ].filter((x) => x !== null);
  return (
    <div>
      <DirectoryTabs current="people" />
      <article className="card mt-4 p-5" data-testid="person-page">
        <div className="flex items-start gap-4">
          <span aria-hidden className="grid h-14 w-14 shrink-0 place-items-center rounded-full bg-brand-50 text-xl font-semibold text-brand-700">{name(p).slice(0, 1)}</span>
          <div className="min-w-0">
            <h1 className="page-title break-words" data-testid="person-name">
              {name(p)}
              {other && other !== name(p) ? <span className="ml-2 text-base font-normal text-slate-500" lang={locale === 'en' ? 'zh-CN' : 'en'}>{other}</span> : null}
            </h1>
            {p.status === 'deactivated' ? <span className="badge mt-1 bg-slate-100 text-slate-700">{t('deactivated')}</span> : null}
            {p.position ? <p className="mt-1 text-slate-700" data-testid="person-position">{p.position}</p> : null}
          </div>
        </div>

        <dl className="mt-6 grid gap-4 sm:grid-cols-[10rem_1fr]">
          <dt className="text-sm font-medium text-slate-500">{t('unit')}</dt>
          <dd data-testid="person-unit-path">
            {p.unitPath.length ? (
              <ol className="flex flex-wrap items-center gap-1">
                {p.unitPath.map((u, i) => (
                  <li key={u.id} className="flex items-center gap-1">
                    {i > 0 ? <span aria-hidden className="text-slate-400">/</span> : null}
                    <Link href={`/org?unit=${u.id}`} className="text-brand-700 hover:underline">{name(u)}</Link>
                  </li>
                ))}
              </ol>
            ) : '—'}
          </dd>

          <dt className="text-sm font-medium text-slate-500">{t('heads')}</dt>
          <dd data-testid="person-heads">
            {p.heads.length ? (
              <ul className="flex flex-wrap gap-x-3 gap-y-1">
                {p.heads.map((h) => (
                  <li key={h.id}><Link href={`/people/${h.id}`} className="text-brand-700 hover:underline">{name(h)}</Link>{h.position ? <span className="text-sm text-slate-500"> · {h.position}</span> : null}</li>
                ))}
              </ul>
            ) : '—'}
          </dd>

          {p.headOf.length ? (
            <>
              <dt className="text-sm font-medium text-slate-500">{t('headOf')}</dt>
              <dd>
                <ul className="flex flex-wrap gap-x-3 gap-y-1">
                  {p.headOf.map((u) => <li key={u.id}><Link href={`/org?unit=${u.id}`} className="text-brand-700 hover:underline">{name(u)}</Link></li>)}
                </ul>
              </dd>
            </>
          ) : null}

          <dt className="text-sm font-medium text-slate-500">{t('contact')}</dt>
          <dd data-testid="person-contact">
            {contact.length ? (
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                {contact.map((c) => (
                  <div key={c.key} className="contents">
                    <dt className="text-slate-500">{t(c.key)}</dt>
                    <dd className="min-w-0">{c.value}</dd>
                  </div>
                ))}
              </dl>
            ) : <span className="text-sm text-slate-500">{t('noContact')}</span>}
          </dd>
        </dl>

        <div className="mt-6 flex flex-col gap-2 sm:flex-row sm:flex-wrap">
          {p.unit ? <Link href={`/directory?unitId=${p.unit.id}`} className="btn-secondary" data-testid="person-unit-people">{t('unitPeople', { unit: name(p.unit) })}</Link> : null}
          {p.unit ? <Link href={`/org?unit=${p.unit.id}`} className="btn-secondary">{t('orgChart')}</Link> : null}
          {p.can.administer ? <Link href={`/admin/people/${p.id}`} className="btn-secondary">{t('admin')}</Link> : null}
        </div>
      </article>
    </div>
  );
}
