import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { displayTitle } from '@/lib/announcements/title';
import { MailLayout, mailStyles } from './_layout';

/** An announcement to a recipient: on publishing, as a reminder, for re-acknowledgement, or an escalation. */
export type AnnouncementMailProps = {
  purpose: 'publish' | 'remind' | 'reack' | 'escalate' | 'renotify';
  announcementId: string;
  urgency: string;
  title: string;
  /** The English version's title and excerpt, when the item has one: English readers get them. */
  titleEn?: string | null;
  excerptEn?: string | null;
  unitName: string | null;
  unitNameEn: string | null;
  excerpt: string;
  ackRequired: boolean;
};

function heading(p: AnnouncementMailProps, locale: string) {
  const title = locale === 'en' && p.titleEn ? p.titleEn : p.title;
  return displayTitle({ urgency: p.urgency, title, unitName: p.unitName, unitNameEn: p.unitNameEn }, locale);
}

export function AnnouncementPublishedMail({ lang, footer, intro, title, excerpt, actionLabel, actionUrl }: {
  lang: string; footer: string; intro: string; title: string; excerpt: string; actionLabel: string; actionUrl: string;
}) {
  return (
    <MailLayout lang={lang} preview={title} footer={footer}>
      <Text style={mailStyles.text}>{intro}</Text>
      <Text style={mailStyles.heading}>{title}</Text>
      {excerpt.split('\n\n').map((para, i) => (
        <Text key={i} style={mailStyles.text}>{para}</Text>
      ))}
      <Button href={actionUrl} style={mailStyles.button}>{actionLabel}</Button>
      <Text style={mailStyles.muted}>{actionUrl}</Text>
    </MailLayout>
  );
}

export const announcementPublishedMail = defineMail<AnnouncementMailProps>({
  subject: (p, { t, locale }) => t(`announcements.mail.subject.${p.purpose}`, { title: heading(p, locale) }),
  render: (p, { t, locale, baseUrl }) => (
    <AnnouncementPublishedMail
      lang={locale}
      footer={t('mail.footer')}
      intro={t(`announcements.mail.intro.${p.purpose}`)}
      title={heading(p, locale)}
      excerpt={locale === 'en' && p.titleEn && p.excerptEn ? p.excerptEn : p.excerpt}
      actionLabel={t(p.ackRequired ? 'announcements.mail.openAndAck' : 'announcements.mail.open')}
      actionUrl={`${baseUrl.replace(/\/$/, '')}/announcements/${p.announcementId}?via=mail`}
    />
  ),
});
