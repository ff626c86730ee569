import { Button, Link, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { MailLayout, mailStyles } from './_layout';

/**
 * Invitation into a partner organisation. There is no link that signs in by itself: it points
 * to the partner sign-in page, where the person asks for a one-time link for this address.
 */
export type PartnerInvitationProps = {
  inviterName: string;
  inviterNameEn: string | null;
  orgName: string;
  orgNameEn: string | null;
  recipientName: string;
  email: string;
  role: 'partner_admin' | 'member';
};

export type PartnerInvitationStrings = {
  preview: string;
  heading: string;
  invitedAs: string;
  intro: string;
  roleLine: string;
  howTo: string;
  button: string;
  fallback: string;
  ignore: string;
};

export function PartnerInvitationMail({ lang, footer, signInUrl, strings }: { lang: string; footer: string; signInUrl: string; strings: PartnerInvitationStrings }) {
  return (
    <MailLayout lang={lang} preview={strings.preview} footer={footer}>
      <Text style={mailStyles.heading}>{strings.heading}</Text>
      <Text style={mailStyles.text}>{strings.intro}</Text>
      {/* The name the inviter typed is data, shown as such — never woven into a sentence. */}
      <Text style={mailStyles.muted}>{strings.invitedAs}</Text>
      <Text style={mailStyles.text}>{strings.roleLine}</Text>
      <Text style={mailStyles.text}>{strings.howTo}</Text>
      <Button href={signInUrl} style={mailStyles.button}>{strings.button}</Button>
      <Text style={mailStyles.muted}>
        {strings.fallback}
        <br />
        <Link href={signInUrl} style={{ color: '#1f5bc4' }}>{signInUrl}</Link>
      </Text>
      <Text style={mailStyles.muted}>{strings.ignore}</Text>
    </MailLayout>
  );
}

export const partnerInvitationMail = defineMail<PartnerInvitationProps>({
  subject: (p, { t, locale }) => t('admin.mail.partnerInvitation.subject', { org: locale === 'en' && p.orgNameEn ? p.orgNameEn : p.orgName }),
  render: (p, { t, locale, baseUrl }) => {
    const org = locale === 'en' && p.orgNameEn ? p.orgNameEn : p.orgName;
    const inviter = locale === 'en' && p.inviterNameEn ? p.inviterNameEn : p.inviterName;
    const signInUrl = `${baseUrl.replace(/\/$/, '')}/partner/sign-in`;
    return (
      <PartnerInvitationMail
        lang={locale}
        footer={t('mail.footer')}
        signInUrl={signInUrl}
        strings={{
          preview: t('admin.mail.partnerInvitation.preview', { org }),
          heading: t('admin.mail.partnerInvitation.heading'),
          invitedAs: t('admin.mail.partnerInvitation.invitedAs', { name: p.recipientName.slice(0, 100), email: p.email }),
          intro: t('admin.mail.partnerInvitation.intro', { inviter, org }),
          roleLine: t(p.role === 'partner_admin' ? 'admin.mail.partnerInvitation.roleAdmin' : 'admin.mail.partnerInvitation.roleMember'),
          howTo: t('admin.mail.partnerInvitation.howTo', { email: p.email }),
          button: t('admin.mail.partnerInvitation.button'),
          fallback: t('admin.mail.partnerInvitation.fallback'),
          ignore: t('admin.mail.partnerInvitation.ignore'),
        }}
      />
    );
  },
});
