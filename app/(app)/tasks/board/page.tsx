import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { resolvePickerTexts } from '@/lib/pickers/queries';
import { getBoard, type BoardTarget } from '@/lib/tasks/queries';
import { TaskCardView } from '../_components/task-card';
import { BoardDnd } from '../_components/board-dnd';
import { moveTaskAction } from '../actions';
import { taskStatuses } from '@/lib/tasks/abilities';
import { nameIn } from '../_components/labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks'))('board') };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * 看板: a person's or a unit tree's tasks in status columns. Each card's moves are form posts, so
 * the board works without JavaScript and from the keyboard.
 */
export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewer();
  const sp = await resolvePickerTexts(db(), viewer, await searchParams, [['unit', 'unit'], ['person', 'person']], await getLocale());
  const unit = first(sp.unit);
  const person = first(sp.person);
  const meeting = first(sp.meeting);
  const target: BoardTarget | null = meeting ? { kind: 'meeting', id: meeting } : unit ? { kind: 'unit', id: unit } : person ? { kind: 'person', id: person } : null;
  const board = await guard(getBoard(db(), viewer, target));
  const t = await getTranslations('tasks');
  const locale = await getLocale();
  const labels = await pickerLabels();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title" data-testid="board-title">{t('boardTitle', { name: nameIn(locale, board.label) })}</h1>
        <div className="flex gap-2">
          {target ? <Link href="/tasks/board" className="btn-secondary">{t('boardMine')}</Link> : null}
          <Link href="/tasks" className="btn-secondary">{t('title')}</Link>
        </div>
      </div>
      {board.can.chooseOthers ? (
        <details className="card p-3">
          <summary className="cursor-pointer text-sm font-medium">{t('boardOf')}</summary>
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            <form method="get" className="flex items-end gap-2">
              <Picker name="unit" kind="unit" label={t('boardUnit')} labels={labels} className="flex-1" textFallback />
              <button type="submit" className="btn-secondary">{t('boardShow')}</button>
            </form>
            <form method="get" className="flex items-end gap-2">
              <Picker name="person" kind="person" label={t('boardPerson')} labels={labels} className="flex-1" textFallback />
              <button type="submit" className="btn-secondary">{t('boardShow')}</button>
            </form>
          </div>
        </details>
      ) : null}
      <BoardDnd action={moveTaskAction} labels={{
        hint: t('dnd.hint'), moving: t('dnd.moving'), notAllowed: t('dnd.notAllowed'), moved: t('dnd.moved', { title: '{title}', status: '{status}' }),
        statuses: Object.fromEntries(taskStatuses.map((s) => [s, t(`statuses.${s}`)])),
      }}>
      <div className="-mx-4 overflow-x-auto px-4 pb-2">
        <div className="grid min-w-[64rem] grid-cols-4 gap-3" data-testid="board">
          {board.columns.map((c) => (
            <section key={c.status} className="min-h-24 rounded-lg bg-slate-50 p-2 ring-brand-400" aria-labelledby={`col-${c.status}`} data-testid={`column-${c.status}`} data-drop-status={c.status}>
              <h2 id={`col-${c.status}`} className="mb-2 flex justify-between px-1 text-sm font-semibold">
                <span>{t(`statuses.${c.status}`)}</span>
                <span className="font-normal text-slate-500">{t('columnCount', { shown: c.items.length, total: c.total })}</span>
              </h2>
              <ul className="space-y-2">
                {c.items.map((task) => <li key={task.id}><TaskCardView task={task} showStatus={false} /></li>)}
              </ul>
            </section>
          ))}
        </div>
      </div>
      </BoardDnd>
    </div>
  );
}
