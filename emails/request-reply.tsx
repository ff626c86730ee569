import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { MailLayout, mailStyles } from './_layout';

/**
 * A public reply to a customer's request. Only public replies are ever passed in: internal notes
 * have no path to a mail (lib/requests/mutations.ts builds the props from the reply it just wrote).
 */
export type RequestReplyProps = {
  requestId: string;
  number: number;
  subject: string;
  author: string;
  /** The reply as plain text (Markdown rendered, tags stripped). */
  text: string;
  status: 'new' | 'open' | 'waiting' | 'resolved' | 'closed';
};

export const requestReplyMail = defineMail<RequestReplyProps>({
  subject: (p, { t }) => t('requests.mail.reply.subject', { number: p.number, subject: p.subject }),
  render: (p, { t, locale, baseUrl }) => {
    const url = `${baseUrl.replace(/\/$/, '')}/partner/requests/${p.requestId}`;
    return (
      <MailLayout lang={locale} preview={t('requests.mail.reply.intro', { author: p.author, number: p.number })} footer={t('mail.footer')}>
        <Text style={mailStyles.heading}>{p.subject}</Text>
        <Text style={mailStyles.text}>{t('requests.mail.reply.intro', { author: p.author, number: p.number })}</Text>
        <Text style={{ ...mailStyles.text, whiteSpace: 'pre-wrap', borderLeft: '3px solid #cbd5e1', paddingLeft: 12 }}>{p.text}</Text>
        <Text style={mailStyles.text}>{t('requests.mail.reply.status', { status: t(`requests.statuses.${p.status}`) })}</Text>
        <Button href={url} style={mailStyles.button}>{t('requests.mail.reply.action')}</Button>
        <Text style={mailStyles.muted}>{url}</Text>
      </MailLayout>
    );
  },
});
