/**
 * The naming rule (标题规范): 【紧急】生产部-设备故障通知 / [Urgent] Production – Equipment failure.
 * Built for display from urgency, originating unit and subject; the stored title is the subject.
 */
export function displayTitle(
  a: { urgency: string; title: string; unitName?: string | null; unitNameEn?: string | null },
  locale: string,
): string {
  const en = locale === 'en';
  const unit = en ? (a.unitNameEn || a.unitName) : a.unitName;
  const prefix = a.urgency === 'urgent' ? (en ? '[Urgent] ' : '【紧急】') : '';
  if (!unit) return `${prefix}${a.title}`;
  return en ? `${prefix}${unit} – ${a.title}` : `${prefix}${unit}-${a.title}`;
}
