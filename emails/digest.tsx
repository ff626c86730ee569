import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { MailLayout, mailStyles } from './_layout';

/**
 * The e-mail digest: must-read first, then unread announcements, then every registered section
 * (lib/notifications/digest-sections.ts). Pure: everything comes from props; catalog keys are
 * put into words in the recipient's language here. Footer: settings and one-click unsubscribe.
 */
export type DigestMailEntry = { title: string; href: string; note?: { key: string; params?: Record<string, string | number> }; urgent?: boolean };
export type DigestMailSection = { key: string; heading: string; entries: DigestMailEntry[]; total: number; moreHref: string };
export type DigestProps = {
  name: string;
  frequency: 'daily' | 'weekly';
  /** The recipient's local date, YYYY-MM-DD. */
  date: string;
  sections: DigestMailSection[];
  unsubscribeToken: string;
};

export const digestItemCount = (p: Pick<DigestProps, 'sections'>) => p.sections.reduce((n, s) => n + s.total, 0);
export const digestUnsubscribeUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/$/, '')}/unsubscribe?token=${encodeURIComponent(token)}`;
/** RFC 8058 one-click target (List-Unsubscribe header): a POST here unsubscribes. */
export const digestOneClickUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/$/, '')}/unsubscribe/one-click?token=${encodeURIComponent(token)}`;

export const digestMail = defineMail<DigestProps>({
  subject: (p, { t }) => t(p.frequency === 'weekly' ? 'notifications.digest.subjectWeekly' : 'notifications.digest.subjectDaily', { date: p.date, count: digestItemCount(p) }),
  render: (p, { t, locale, baseUrl }) => {
    const base = baseUrl.replace(/\/$/, '');
    return (
      <MailLayout lang={locale} preview={t('notifications.digest.heading')} footer={t('mail.footer')}>
        <Text style={mailStyles.heading}>{t('notifications.digest.heading')}</Text>
        <Text style={mailStyles.text}>{t('notifications.digest.intro', { name: p.name })}</Text>
        {p.sections.map((s) => (
          <Section key={s.key} style={{ margin: '0 0 16px' }}>
            <Heading as="h2" style={{ fontSize: 16, fontWeight: 600, color: '#0f172a', margin: '16px 0 8px' }}>{t(s.heading)}</Heading>
            {s.entries.map((e, i) => (
              <Text key={i} style={{ ...mailStyles.text, margin: '0 0 6px' }}>
                • <Link href={`${base}${e.href}`} style={{ color: '#1f5bc4' }}>{e.title}</Link>
                {e.note ? <span style={{ color: e.urgent ? '#b91c1c' : '#64748b' }}> — {t(e.note.key, e.note.params)}</span> : null}
              </Text>
            ))}
            {s.total > s.entries.length ? (
              <Text style={{ ...mailStyles.text, margin: '0 0 6px' }}><Link href={`${base}${s.moreHref}`} style={{ color: '#1f5bc4' }}>{t('notifications.digest.more', { count: s.total })}</Link></Text>
            ) : null}
          </Section>
        ))}
        <Button href={base} style={mailStyles.button}>{t('notifications.digest.open')}</Button>
        <Text style={mailStyles.muted}>
          {t('notifications.digest.footer')}{' '}
          <Link href={`${base}/profile/notifications`} style={{ color: '#1f5bc4' }}>{t('notifications.digest.preferences')}</Link>{' · '}
          <Link href={digestUnsubscribeUrl(base, p.unsubscribeToken)} style={{ color: '#1f5bc4' }} data-testid="digest-unsubscribe">{t('notifications.digest.unsubscribe')}</Link>
        </Text>
      </MailLayout>
    );
  },
});
