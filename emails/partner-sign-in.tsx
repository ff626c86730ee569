import { Button, Link, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { MailLayout, mailStyles } from './_layout';

/** The partner sign-in link. The link opens a confirmation page; only its button signs in. */
export type PartnerSignInProps = { url: string; expiresMinutes: number };

export type PartnerSignInStrings = {
  preview: string;
  heading: string;
  intro: string;
  button: string;
  expires: string;
  fallback: string;
  ignore: string;
};

export function PartnerSignInMail({ lang, footer, url, strings }: PartnerSignInProps & { lang: string; footer: string; strings: PartnerSignInStrings }) {
  return (
    <MailLayout lang={lang} preview={strings.preview} footer={footer}>
      <Text style={mailStyles.heading}>{strings.heading}</Text>
      <Text style={mailStyles.text}>{strings.intro}</Text>
      <Button href={url} style={mailStyles.button}>{strings.button}</Button>
      <Text style={{ ...mailStyles.text, margin: '16px 0 0' }}>{strings.expires}</Text>
      <Text style={mailStyles.muted}>
        {strings.fallback}
        <br />
        <Link href={url} style={{ color: '#1f5bc4' }}>{url}</Link>
      </Text>
      <Text style={mailStyles.muted}>{strings.ignore}</Text>
    </MailLayout>
  );
}

export const partnerSignInMail = defineMail<PartnerSignInProps>({
  subject: (_p, { t }) => t('auth.mail.partnerSignIn.subject'),
  // The token signs someone in for ten minutes: never at rest (decision 1100).
  secrets: (p) => [new URL(p.url).searchParams.get('token') ?? ''].filter((s) => s.length >= 16),
  liveLink: (p) => ({ url: p.url, expiresMinutes: p.expiresMinutes }),
  render: (p, { t, locale }) => (
    <PartnerSignInMail
      {...p}
      lang={locale}
      footer={t('mail.footer')}
      strings={{
        preview: t('auth.mail.partnerSignIn.preview'),
        heading: t('auth.mail.partnerSignIn.heading'),
        intro: t('auth.mail.partnerSignIn.intro'),
        button: t('auth.mail.partnerSignIn.button'),
        expires: t('auth.mail.partnerSignIn.expires', { minutes: p.expiresMinutes }),
        fallback: t('auth.mail.partnerSignIn.fallback'),
        ignore: t('auth.mail.partnerSignIn.ignore'),
      }}
    />
  ),
});
