import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Form, Submit } from '@/app/_components/form';
import type { TaskCard as Card } from '@/lib/tasks/queries';
import { moveTaskAction } from '../actions';
import { nameIn, TaskBadges } from './labels';

/**
 * One task as a card (lists and the board). Its moves are plain form posts, one button each, so the
 * board works without JavaScript and from the keyboard (Tab to the button, Enter).
 */
export async function TaskCardView({ task, showStatus = true }: { task: Card; showStatus?: boolean }) {
  const t = await getTranslations('tasks');
  const locale = await getLocale();
  return (
    <article className={`card p-3 ${task.overdue ? 'border-red-300' : ''}`} data-testid="task-card" data-task-id={task.id} data-title={task.title} data-moves={task.moves.map((m) => m.to).join(' ')} aria-labelledby={`task-${task.id}`}>
      <h3 id={`task-${task.id}`} className="font-medium">
        <Link href={`/tasks/${task.id}`} className="text-brand-700 hover:underline">{task.title}</Link>
      </h3>
      <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <TaskBadges status={task.status} priority={task.priority} overdue={task.overdue} showStatus={showStatus} />
        <span>{nameIn(locale, { name: task.ownerName, nameEn: task.ownerNameEn })}</span>
        <span>{task.dueOn ? t('due', { date: task.dueOn }) : t('noDue')}</span>
        {task.tags.map((g) => <span key={g} className="badge bg-slate-50 text-slate-600">#{g}</span>)}
      </div>
      {task.moves.length > 0 ? (
        <div className="mt-2 flex flex-wrap gap-2">
          {task.moves.map((m) => (
            <Form key={m.to} action={moveTaskAction} className="inline" refreshOnSuccess showMessage aria-label={t('moveTo', { title: task.title, status: t(`statuses.${m.to}`) })}>
              <input type="hidden" name="id" value={task.id} />
              <input type="hidden" name="to" value={m.to} />
              <Submit variant="secondary" className="px-2 py-1 text-xs" testId={`move-${m.to}`}>{t(`moves.${m.ability === 'return' ? 'start' : m.ability}`)} →</Submit>
            </Form>
          ))}
        </div>
      ) : null}
    </article>
  );
}
