/**
 * Who an approval request addresses, as recorded when it was submitted: stored as JSON in
 * announcement_approval.recipients_summary and put into words for each reader (their language,
 * English names where they exist). Rows written before this form are plain text and shown as is.
 */
export type NamedThing = { name: string; nameEn: string | null };
export type RecipientsSummary = {
  v: 1;
  everyone: boolean;
  units: NamedThing[];
  roles: string[];
  people: NamedThing[];
  morePeople: number;
  partnerOrgs: NamedThing[];
  size: number;
};

export function parseRecipientsSummary(s: string): RecipientsSummary | null {
  if (!s.startsWith('{')) return null;
  try {
    const o = JSON.parse(s) as Partial<RecipientsSummary>;
    return o && o.v === 1 ? (o as RecipientsSummary) : null;
  } catch {
    return null;
  }
}
