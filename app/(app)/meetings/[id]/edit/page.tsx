import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getMeetingForEdit } from '@/lib/meetings/queries';
import { MeetingForm } from '../../_components/meeting-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meetings.form'))('edit') };
}

export default async function EditMeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const m = await guard(getMeetingForEdit(db(), viewer, id));
  const t = await getTranslations('meetings');
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link href={`/meetings/${m.id}`} className="text-sm text-brand-600 hover:underline">← {m.title}</Link>
      <h1 className="page-title">{t('form.edit')}</h1>
      <MeetingForm initial={m} timezone={viewer?.timezone ?? 'Asia/Shanghai'} />
    </div>
  );
}
