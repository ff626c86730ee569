import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { displayTitle } from '@/lib/announcements/title';
import { MailLayout, mailStyles } from './_layout';

/** An emergency plan was triggered: sent at once (and again until acknowledged), never held for a digest. */
export type EmergencyAlertProps = {
  announcementId: string;
  planName: string;
  title: string;
  unitName: string | null;
  unitNameEn: string | null;
  details: string;
  round: number;
};

export const emergencyAlertMail = defineMail<EmergencyAlertProps>({
  subject: (p, { t, locale }) =>
    t(p.round > 0 ? 'announcements.mail.emergency.subjectAgain' : 'announcements.mail.emergency.subject', {
      title: displayTitle({ ...p, urgency: 'urgent' }, locale),
    }),
  render: (p, { t, locale, baseUrl }) => {
    const title = displayTitle({ ...p, urgency: 'urgent' }, locale);
    const url = `${baseUrl.replace(/\/$/, '')}/announcements/${p.announcementId}?via=mail`;
    return (
      <MailLayout lang={locale} preview={title} footer={t('mail.footer')}>
        <Text style={{ ...mailStyles.heading, color: '#b91c1c' }}>{title}</Text>
        <Text style={mailStyles.text}>{t('announcements.mail.emergency.intro', { plan: p.planName })}</Text>
        <Text style={mailStyles.text}>{p.details}</Text>
        <Button href={url} style={{ ...mailStyles.button, backgroundColor: '#b91c1c' }}>{t('announcements.mail.emergency.action')}</Button>
        <Text style={mailStyles.muted}>{url}</Text>
      </MailLayout>
    );
  },
});
