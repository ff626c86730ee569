/**
 * The naming rule (标题规范): 【紧急】生产部-设备故障通知 / [Urgent] Production – Equipment failure.
 * Built for display from urgency, originating unit and subject; the stored title is the subject.
 */
export function displayTitle(
  a: { urgency: string; title: string; titleEn?: string | null; unitName?: string | null; unitNameEn?: string | null },
  locale: string,
): string {
  const en = locale === 'en';
  // An item in both languages: each reader gets their version's subject (the rule applies per language).
  const subject = en && a.titleEn ? a.titleEn : a.title;
  const unit = en ? (a.unitNameEn || a.unitName) : a.unitName;
  // An author who already typed the rule's parts into the subject gets them once, not twice.
  const urgent = a.urgency === 'urgent';
  const title = urgent ? subject.trim().replace(/^(【紧急】|\[urgent\])\s*/i, '') : subject.trim();
  const prefix = urgent ? (en ? '[Urgent] ' : '【紧急】') : '';
  const typedUnit = !!unit && [unit, a.unitName, a.unitNameEn].some((u) => !!u && new RegExp(`^${escapeRegExp(u)}\\s*[-–—:：]`).test(title));
  if (!unit || typedUnit) return `${prefix}${title}`;
  return en ? `${prefix}${unit} – ${title}` : `${prefix}${unit}-${title}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
