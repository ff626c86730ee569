import { getTranslations } from 'next-intl/server';
import type { TaskStatus } from '@/lib/tasks/abilities';
import type { TaskPriority } from '@/lib/tasks/schema';

/** A person's name in the viewer's language (the English name when there is one). */
export const nameIn = (locale: string, p: { name: string; nameEn?: string | null }) => (locale === 'en' && p.nameEn) || p.name;

const statusTone: Record<TaskStatus, string> = {
  todo: 'bg-slate-100 text-slate-700',
  in_progress: 'bg-blue-50 text-blue-800',
  in_review: 'bg-amber-50 text-amber-800',
  done: 'bg-emerald-50 text-emerald-800',
};
const priorityTone: Record<TaskPriority, string> = { high: 'bg-red-50 text-red-800', medium: 'bg-slate-100 text-slate-700', low: 'bg-slate-50 text-slate-600' };

export async function TaskBadges({ status, priority, overdue, showStatus = true }: { status: TaskStatus; priority: TaskPriority; overdue: boolean; showStatus?: boolean }) {
  const t = await getTranslations('tasks');
  return (
    <span className="inline-flex flex-wrap gap-1">
      {showStatus ? <span className={`badge ${statusTone[status]}`}>{t(`statuses.${status}`)}</span> : null}
      <span className={`badge ${priorityTone[priority]}`}>{t(`priorities.${priority}`)}</span>
      {overdue ? <span className="badge bg-red-600 text-white" data-testid="overdue-badge">{t('overdue')}</span> : null}
    </span>
  );
}
