import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { displayTitle } from '@/lib/announcements/title';
import { MailLayout, mailStyles } from './_layout';

/** "Please respond": a collaboration or feedback request still waits for the recipient's answer. */
export type ResponseReminderProps = {
  announcementId: string;
  title: string;
  /** The English title, when the item has one (English readers get it). */
  titleEn: string | null;
  urgency: string;
  unitName: string | null;
  unitNameEn: string | null;
  /** ISO instant, or null: no deadline. */
  deadline: string | null;
  /** The zone the deadline is shown in (the author's), named next to it. */
  timezone?: string;
};

function heading(p: ResponseReminderProps, locale: string) {
  const title = locale === 'en' && p.titleEn ? p.titleEn : p.title;
  return displayTitle({ urgency: p.urgency, title, unitName: p.unitName, unitNameEn: p.unitNameEn }, locale);
}

export function ResponseReminderMail({ lang, footer, intro, title, due, actionLabel, actionUrl }: {
  lang: string; footer: string; intro: string; title: string; due: string | null; actionLabel: string; actionUrl: string;
}) {
  return (
    <MailLayout lang={lang} preview={title} footer={footer}>
      <Text style={mailStyles.text}>{intro}</Text>
      <Text style={mailStyles.heading}>{title}</Text>
      {due ? <Text style={mailStyles.text}>{due}</Text> : null}
      <Button href={actionUrl} style={mailStyles.button}>{actionLabel}</Button>
      <Text style={mailStyles.muted}>{actionUrl}</Text>
    </MailLayout>
  );
}

export const announcementResponseReminderMail = defineMail<ResponseReminderProps>({
  subject: (p, { t, locale }) => t('announcements.mail.respond.subject', { title: heading(p, locale) }),
  render: (p, { t, locale, baseUrl }) => {
    const zone = p.timezone ?? 'Asia/Shanghai';
    const due = p.deadline
      ? t('announcements.mail.respond.due', {
        when: new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(p.deadline)),
        zone,
      })
      : null;
    return (
      <ResponseReminderMail
        lang={locale}
        footer={t('mail.footer')}
        intro={t('announcements.mail.respond.intro')}
        title={heading(p, locale)}
        due={due}
        actionLabel={t('announcements.mail.respond.action')}
        actionUrl={`${baseUrl.replace(/\/$/, '')}/announcements/${p.announcementId}?via=mail#respond`}
      />
    );
  },
});
