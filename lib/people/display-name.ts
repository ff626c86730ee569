/** The name to show: the English name in the English interface when there is one. */
export function displayName(p: { name: string; nameEn?: string | null; name_en?: string | null }, locale: string): string {
  const en = p.nameEn ?? p.name_en;
  return locale === 'en' && en ? en : p.name;
}
