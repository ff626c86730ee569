import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { MailLayout, mailStyles } from './_layout';

/**
 * Staff closed a customer's request: the customer is asked for a satisfaction rating (1–5 and a
 * comment) on the request's portal page. Carries no conversation text at all.
 */
export type RequestClosedProps = {
  requestId: string;
  number: number;
  subject: string;
};

export const requestClosedMail = defineMail<RequestClosedProps>({
  subject: (p, { t }) => t('requests.mail.closed.subject', { number: p.number, subject: p.subject }),
  render: (p, { t, locale, baseUrl }) => {
    const url = `${baseUrl.replace(/\/$/, '')}/partner/requests/${p.requestId}`;
    return (
      <MailLayout lang={locale} preview={t('requests.mail.closed.intro', { number: p.number })} footer={t('mail.footer')}>
        <Text style={mailStyles.heading}>{p.subject}</Text>
        <Text style={mailStyles.text}>{t('requests.mail.closed.intro', { number: p.number })}</Text>
        <Text style={mailStyles.text}>{t('requests.mail.closed.ask')}</Text>
        <Button href={url} style={mailStyles.button}>{t('requests.mail.closed.action')}</Button>
        <Text style={mailStyles.muted}>{url}</Text>
      </MailLayout>
    );
  },
});
