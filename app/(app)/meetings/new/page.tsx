import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { requireEmployee } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { MeetingForm } from '../_components/meeting-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meetings'))('newMeeting') };
}

export default async function NewMeetingPage() {
  const viewer = await guard(async () => requireEmployee(await getViewer()));
  const t = await getTranslations('meetings');
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link href="/meetings" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <h1 className="page-title">{t('newMeeting')}</h1>
      <MeetingForm timezone={viewer.timezone} />
    </div>
  );
}
