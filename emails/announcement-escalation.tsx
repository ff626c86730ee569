import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { displayTitle } from '@/lib/announcements/title';
import { MailLayout, mailStyles } from './_layout';

/** Escalation to a unit head: their people who have still not read or acknowledged an item. */
export type AnnouncementEscalationProps = {
  announcementId: string;
  urgency: string;
  title: string;
  unitName: string | null;
  unitNameEn: string | null;
  people: { name: string; nameEn: string | null; unit: string | null; unitEn: string | null }[];
  total: number;
};

export const announcementEscalationMail = defineMail<AnnouncementEscalationProps>({
  subject: (p, { t, locale }) => t('announcements.mail.escalation.subject', { title: displayTitle(p, locale), count: p.total }),
  render: (p, { t, locale, baseUrl }) => {
    const title = displayTitle(p, locale);
    const url = `${baseUrl.replace(/\/$/, '')}/announcements/${p.announcementId}/reach`;
    const en = locale === 'en';
    return (
      <MailLayout lang={locale} preview={title} footer={t('mail.footer')}>
        <Text style={mailStyles.heading}>{title}</Text>
        <Text style={mailStyles.text}>{t('announcements.mail.escalation.intro', { count: p.total })}</Text>
        {p.people.map((x, i) => (
          <Text key={i} style={{ ...mailStyles.text, margin: '0 0 4px' }}>
            {`• ${(en && x.nameEn) || x.name}${x.unit ? ` (${(en && x.unitEn) || x.unit})` : ''}`}
          </Text>
        ))}
        {p.total > p.people.length ? <Text style={mailStyles.muted}>{t('announcements.mail.escalation.more', { count: p.total - p.people.length })}</Text> : null}
        <Button href={url} style={mailStyles.button}>{t('announcements.mail.escalation.action')}</Button>
      </MailLayout>
    );
  },
});
