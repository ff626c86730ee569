import { getTranslations } from 'next-intl/server';
import { partnerOrgStatuses, partnerOrgTypes } from '@/lib/partners/schema';
import { SelectField, TextField } from '@/app/_components/form';

export async function PartnerOrgFields({ org }: { org?: { name: string; nameEn: string | null; type: string; status: string } }) {
  const t = await getTranslations('admin.partners');
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="name" label={t('fields.name')} defaultValue={org?.name} required />
        <TextField name="nameEn" label={t('fields.nameEn')} defaultValue={org?.nameEn} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name="type" label={t('fields.type')} defaultValue={org?.type ?? 'supplier'} options={partnerOrgTypes.map((v) => ({ value: v, label: t(`types.${v}`) }))} />
        <SelectField name="status" label={t('fields.status')} defaultValue={org?.status ?? 'active'} options={partnerOrgStatuses.map((v) => ({ value: v, label: t(`statuses.${v}`) }))} />
      </div>
      {org ? <p className="text-xs text-slate-500">{t('suspendHint')}</p> : null}
    </>
  );
}
