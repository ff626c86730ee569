import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components';

/** Shared frame of every Plaza mail: pure, renders from props only. */
export function MailLayout({ lang, preview, footer, children }: { lang: string; preview: string; footer: string; children: React.ReactNode }) {
  return (
    <Html lang={lang}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: '#f1f5f9', fontFamily: '-apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif', margin: 0, padding: '24px 0' }}>
        <Container style={{ backgroundColor: '#ffffff', borderRadius: 8, maxWidth: 560, padding: '28px 32px', border: '1px solid #e2e8f0' }}>
          <Text style={{ color: '#1a4a9e', fontWeight: 700, fontSize: 18, margin: '0 0 16px' }}>Plaza</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: '#e2e8f0', margin: '24px 0 12px' }} />
          <Text style={{ color: '#64748b', fontSize: 12, margin: 0 }}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const mailStyles = {
  heading: { fontSize: 20, fontWeight: 600, color: '#0f172a', margin: '0 0 12px' },
  text: { fontSize: 14, lineHeight: '22px', color: '#334155', margin: '0 0 12px' },
  button: { backgroundColor: '#1f5bc4', color: '#ffffff', borderRadius: 6, padding: '10px 18px', fontSize: 14, fontWeight: 600, textDecoration: 'none', display: 'inline-block' },
  muted: { fontSize: 12, lineHeight: '18px', color: '#64748b', margin: '12px 0 0', wordBreak: 'break-all' as const },
};
