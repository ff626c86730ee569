import 'server-only';
import { getLocale } from 'next-intl/server';
import { db } from '@/db/client';
import type { Viewer } from '@/lib/authz/viewer';
import { previewAudienceSize } from '@/lib/announcements/audience-count';
import { isUuid } from '@/lib/ids';
import { searchPicker } from '@/lib/pickers/queries';
import { pickerLabels } from '@/app/_components/picker/labels';
import type { AudienceOptions } from './audience-fields';

const ids = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** The audience fields' options: the picker's words and the labels of units/partners already chosen. */
export async function audienceOptions(viewer: Viewer | null, publishesAnywhere: boolean, initial: Record<string, string | string[] | undefined>): Promise<AudienceOptions> {
  const locale = await getLocale();
  const pick = (kind: 'unit' | 'partnerOrg' | 'person', chosen: string[]) => (chosen.length ? searchPicker(db(), viewer, kind, { ids: chosen.join(',') }, locale) : Promise.resolve([]));
  const chosen = ['everyone', 'units', 'roles', 'people', 'partnerOrgs'].some((k) => ids(initial[k]).length > 0);
  const [units, partnerOrgs, people, labels, count] = await Promise.all([
    pick('unit', ids(initial.units)), pick('partnerOrg', ids(initial.partnerOrgs)), pick('person', ids(initial.people).filter(isUuid)), pickerLabels(),
    chosen ? previewAudienceSize(db(), viewer, initial) : Promise.resolve(0),
  ]);
  return { units, partnerOrgs, people, publishesAnywhere, pickerLabels: labels, count };
}
