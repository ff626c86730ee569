import { getLocale, getTranslations } from 'next-intl/server';
import { parseRecipientsSummary } from '@/lib/announcements/recipients-summary';
import { isMessageKey } from '@/lib/i18n/keys';
import { displayName } from '@/lib/people/display-name';

/** Whom an approval request addresses, in the reader's words ("全体员工、生产部（59 人）" / "Everyone, Production (59 people)"). */
export async function RecipientsSummaryText({ value }: { value: string }) {
  const s = parseRecipientsSummary(value);
  if (!s) return value;
  const [t, tAll, locale] = await Promise.all([getTranslations('announcements'), getTranslations(), getLocale()]);
  const role = (r: string) => {
    const key = `announcements.compose.audience.role.${r}`;
    return isMessageKey(key) ? tAll(key) : r;
  };
  const parts = [
    ...(s.everyone ? [t('compose.audience.everyone')] : []),
    ...s.units.map((u) => displayName(u, locale)),
    ...s.roles.map(role),
    ...s.people.map((p) => displayName(p, locale)),
    ...(s.morePeople > 0 ? [t('approvals.morePeople', { count: s.morePeople })] : []),
    ...s.partnerOrgs.map((o) => displayName(o, locale)),
  ];
  return t('approvals.summary', { parts: parts.join(t('approvals.separator')), count: s.size });
}
