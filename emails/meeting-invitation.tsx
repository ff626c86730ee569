import { Button, Link, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { meetingIcs, type IcsMeeting } from '@/lib/meetings/ics';
import { MailLayout, mailStyles } from './_layout';

/** A meeting invitation, update or cancellation, with its calendar file (same UID, growing SEQUENCE). */
export type MeetingInvitationProps = Omit<IcsMeeting, 'url'> & {
  agendaText: string;
  /** Agenda documents, listed as links to their download (the reader signs in; lib/files checks). No bytes in the mail. */
  files?: { id: string; filename: string; size: number }[];
};

const linkOf = (p: MeetingInvitationProps, baseUrl: string) => `${baseUrl.replace(/\/$/, '')}/meetings/${p.id}`;

const kindOf = (p: MeetingInvitationProps) => (p.method === 'CANCEL' ? 'cancelled' : p.sequence > 0 ? 'updated' : 'invited');

function when(p: MeetingInvitationProps, locale: string) {
  const f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'full', timeStyle: 'short', timeZone: p.timezone });
  const end = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeStyle: 'short', timeZone: p.timezone });
  return `${f.format(new Date(p.startsAt))} – ${end.format(new Date(p.endsAt))} (${p.timezone})`;
}

export const meetingInvitationMail = defineMail<MeetingInvitationProps>({
  subject: (p, { t }) => t(`meetings.mail.${kindOf(p)}.subject`, { title: p.title }),
  render: (p, { t, locale, baseUrl }) => (
    <MailLayout lang={locale} preview={p.title} footer={t('mail.footer')}>
      <Text style={mailStyles.heading}>{p.title}</Text>
      <Text style={mailStyles.text}>{t(`meetings.mail.${kindOf(p)}.intro`, { organiser: p.organiser.name })}</Text>
      <Text style={mailStyles.text}>{t('meetings.mail.when', { when: when(p, locale) })}</Text>
      {p.place ? <Text style={mailStyles.text}>{t('meetings.mail.place', { place: p.place })}</Text> : null}
      {p.onlineUrl ? <Text style={mailStyles.text}>{t('meetings.mail.online', { url: p.onlineUrl })}</Text> : null}
      {p.agendaText ? <Text style={{ ...mailStyles.text, whiteSpace: 'pre-wrap' }}>{p.agendaText}</Text> : null}
      {p.method !== 'CANCEL' && p.files && p.files.length > 0 ? (
        <>
          <Text style={mailStyles.text}>{t('meetings.mail.files')}</Text>
          {p.files.map((f) => (
            <Text key={f.id} style={{ ...mailStyles.text, margin: '0 0 4px' }}>
              <Link href={`${baseUrl.replace(/\/$/, '')}/api/files/${f.id}`}>{f.filename}</Link>
            </Text>
          ))}
        </>
      ) : null}
      {p.method === 'CANCEL' ? null : <Button href={linkOf(p, baseUrl)} style={mailStyles.button}>{t('meetings.mail.open')}</Button>}
      <Text style={mailStyles.muted}>{t('meetings.mail.calendarNote')}</Text>
    </MailLayout>
  ),
  attachments: (p, { baseUrl }) => [{ filename: 'invite.ics', contentType: `text/calendar; method=${p.method}; charset=UTF-8`, content: meetingIcs({ ...p, url: linkOf(p, baseUrl) }) }],
});
