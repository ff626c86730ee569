import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { MailLayout, mailStyles } from './_layout';

/** A general notice: a heading, a few paragraphs and an optional button. */
export type NoticeProps = { heading: string; paragraphs: string[]; actionLabel?: string; actionUrl?: string };

export function NoticeMail({ lang, footer, heading, paragraphs, actionLabel, actionUrl }: NoticeProps & { lang: string; footer: string }) {
  return (
    <MailLayout lang={lang} preview={heading} footer={footer}>
      <Text style={mailStyles.heading}>{heading}</Text>
      {paragraphs.map((p, i) => (
        <Text key={i} style={mailStyles.text}>{p}</Text>
      ))}
      {actionUrl && actionLabel ? <Button href={actionUrl} style={mailStyles.button}>{actionLabel}</Button> : null}
    </MailLayout>
  );
}

export const noticeMail = defineMail<NoticeProps>({
  subject: (p) => p.heading,
  render: (p, { t, locale }) => <NoticeMail {...p} lang={locale} footer={t('mail.footer')} />,
});
