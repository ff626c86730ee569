import { getLocale, getTranslations } from 'next-intl/server';
import { Form, Submit, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import type { getSupplierOwners } from '@/lib/orders/queries';
import { supplierOwnersAction } from '../actions';

type Owners = Awaited<ReturnType<typeof getSupplierOwners>>;

/** A supplier's internal owners (buyers and planners, people or units), lead time and answer period. Admins and officers edit. */
export async function OwnersForm({ supplierId, owners }: { supplierId: string; owners: Owners }) {
  const t = await getTranslations('orders');
  const locale = await getLocale();
  if (!owners.isSupplier) return null;
  const labels = await pickerLabels();
  const pick = (role: 'buyer' | 'planner', unit: boolean) =>
    owners.owners.filter((o) => o.role === role && (unit ? !!o.unitId : !!o.personId)).map((o) => ({ id: (o.unitId ?? o.personId)!, label: (locale === 'en' && o.labelEn) || o.label, hint: null }));
  return (
    <section className="card space-y-3 p-4" aria-labelledby="owners-h" data-testid="supplier-owners">
      <h2 id="owners-h" className="font-semibold">{t('owners.title')}</h2>
      <p className="text-sm text-slate-600">{t('owners.intro')}</p>
      {owners.can.edit ? (
        <Form action={supplierOwnersAction} testId="owners-form">
          <input type="hidden" name="supplierId" value={supplierId} />
          <div className="grid gap-3 sm:grid-cols-2">
            <Picker name="buyerPeople" kind="person" multiple label={t('owners.buyerPeople')} labels={labels} initial={pick('buyer', false)} testId="owners-buyer-people" />
            <Picker name="buyerUnits" kind="unit" multiple label={t('owners.buyerUnits')} labels={labels} initial={pick('buyer', true)} testId="owners-buyer-units" />
            <Picker name="plannerPeople" kind="person" multiple label={t('owners.plannerPeople')} labels={labels} initial={pick('planner', false)} testId="owners-planner-people" />
            <Picker name="plannerUnits" kind="unit" multiple label={t('owners.plannerUnits')} labels={labels} initial={pick('planner', true)} testId="owners-planner-units" />
            <TextField name="leadTimeDays" type="number" label={t('fields.leadTimeDays')} defaultValue={owners.leadTimeDays} testId="owners-lead-time" />
            <TextField name="confirmWithinDays" type="number" label={t('fields.confirmWithinDays')} defaultValue={owners.confirmWithinDays} testId="owners-confirm-within" />
          </div>
          <Submit testId="owners-save">{t('owners.save')}</Submit>
        </Form>
      ) : owners.owners.length === 0 ? <p className="text-sm text-slate-600">{t('owners.none')}</p> : (
        <ul className="text-sm">{owners.owners.map((o) => <li key={o.id}>{t(`roles.${o.role}`)}: {(locale === 'en' && o.labelEn) || o.label}</li>)}</ul>
      )}
    </section>
  );
}
