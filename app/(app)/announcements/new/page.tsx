import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getAnnouncement, getComposeOptions } from '@/lib/announcements/queries';
import { getResponsePanel } from '@/lib/announcements/responses';
import { toLocalDateTime } from '@/lib/announcements/schema';
import { ClientMessages } from '@/lib/i18n/client-messages';
import { audienceOptions } from '../_components/audience-options';
import { ComposeForm } from '../_components/compose-form';
import { previewMarkdownAction, saveAnnouncementAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.compose'))('pageTitle') };
}

/** Compose; `?from=<id>` reopens the author's own draft or rejected item for revision. */
export default async function NewAnnouncementPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  const viewer = await getViewer();
  const options = await guard(getComposeOptions(db(), viewer));
  const t = await getTranslations('announcements.compose');
  const locale = await getLocale();
  const tz = viewer!.timezone;
  const { from } = await searchParams;
  let initial: Record<string, string | string[]> = {};
  let revising = false;
  let attachments: { id: string; filename: string; contentType: string; size: number }[] = [];
  let cover: { id: string; filename: string; contentType: string; size: number } | null = null;
  if (from) {
    const a = await guard(getAnnouncement(db(), viewer, from));
    if (a.access.isAuthor && (a.status === 'draft' || a.status === 'rejected') && a.audience) {
      revising = true;
      attachments = a.attachments;
      cover = a.cover;
      const responses = await getResponsePanel(db(), viewer, a.id);
      initial = {
        id: a.id, kind: a.kind, urgency: a.urgency, title: a.title, body: a.bodyMd, summary: a.summary ?? '', titleEn: a.titleEn ?? '', bodyEn: a.bodyMdEn,
        ...(responses ? {
          collectResponses: 'on', responsePrompt: responses.setup.prompt, responseOptions: responses.setup.options.join('\n'),
          responseDeadline: toLocalDateTime(responses.setup.deadline, tz),
          ...(responses.setup.askDate ? { responseAskDate: 'on' } : {}), ...(responses.setup.askNumber ? { responseAskNumber: 'on' } : {}),
          ...(responses.setup.askFile ? { responseAskFile: 'on' } : {}),
        } : {}),
        ...(a.audience.everyone ? { everyone: 'on' } : {}),
        units: a.audience.units.map((u) => u.unitId),
        includeSubUnits: a.audience.units.every((u) => u.includeSubUnits) ? 'on' : '',
        roles: a.audience.roles, partnerOrgs: a.audience.partnerOrgs, people: a.audience.people,
        ...(a.ackRequired ? { ackRequired: 'on' } : {}),
        publishAt: toLocalDateTime(a.publishAt, tz), pinnedUntil: toLocalDateTime(a.pinnedUntil, tz), expiresAt: toLocalDateTime(a.expiresAt, tz),
        reachDeadline: toLocalDateTime(a.reachDeadline, tz), targetReach: String(Math.round(a.targetReach * 100)),
      };
    }
  }
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="page-title">{revising ? t('reviseTitle') : t('pageTitle')}</h1>
      <div className="card p-4 sm:p-6">
        <ClientMessages scopes={['announcements.compose', 'announcements.attachments', 'announcements.responses.compose']}>
          <ComposeForm action={saveAnnouncementAction} preview={previewMarkdownAction} options={await audienceOptions(viewer, options.publishesAnywhere, initial)} templates={options.templates}
            initial={initial} locale={locale} timeZone={tz} attachments={attachments} cover={cover} />
        </ClientMessages>
      </div>
    </div>
  );
}
