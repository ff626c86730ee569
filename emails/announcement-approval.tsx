import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { displayTitle } from '@/lib/announcements/title';
import { MailLayout, mailStyles } from './_layout';

/** Approval mails: a request to an approver; the decision (with its reason) to the author. */
export type AnnouncementApprovalProps = {
  what: 'request' | 'approved' | 'rejected';
  announcementId: string;
  urgency: string;
  title: string;
  unitName: string | null;
  unitNameEn: string | null;
  authorName: string;
  summary: string;
  reason: string | null;
};

export const announcementApprovalMail = defineMail<AnnouncementApprovalProps>({
  subject: (p, { t, locale }) => t(`announcements.mail.approval.${p.what}.subject`, { title: displayTitle(p, locale) }),
  render: (p, { t, locale, baseUrl }) => {
    const base = baseUrl.replace(/\/$/, '');
    const url = p.what === 'request' ? `${base}/announcements/approvals` : `${base}/announcements/${p.announcementId}`;
    return (
      <MailLayout lang={locale} preview={displayTitle(p, locale)} footer={t('mail.footer')}>
        <Text style={mailStyles.heading}>{displayTitle(p, locale)}</Text>
        <Text style={mailStyles.text}>{t(`announcements.mail.approval.${p.what}.intro`, { author: p.authorName })}</Text>
        <Text style={mailStyles.text}>{p.summary}</Text>
        {p.reason ? <Text style={mailStyles.text}>{t('announcements.mail.approval.reason', { reason: p.reason })}</Text> : null}
        <Button href={url} style={mailStyles.button}>{t(`announcements.mail.approval.${p.what}.action`)}</Button>
      </MailLayout>
    );
  },
});
