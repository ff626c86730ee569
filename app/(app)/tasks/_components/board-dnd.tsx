'use client';

import { useEffect, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { FormActionFn } from '@/app/_components/form/form';
import { initialFormResult } from '@/lib/forms/result';

/**
 * Drag and drop on the board, as an enhancement: the server-rendered board inside stays fully
 * usable without JavaScript and from the keyboard (each card's move buttons are form posts).
 * Cards carry `data-task-id` and `data-moves` (the statuses this viewer may move them to, from the
 * task's abilities); columns carry `data-drop-status`. A drop posts the same server action as the
 * buttons, so the server decides; the result is announced in a live region.
 */
export function BoardDnd({
  action,
  children,
  labels,
}: {
  action: FormActionFn;
  children: React.ReactNode;
  labels: { hint: string; moving: string; notAllowed: string; statuses: Record<string, string>; moved: string };
}) {
  const ref = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const [message, setMessage] = useState('');
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    let dragged: { id: string; title: string; moves: string[] } | null = null;
    const cards = Array.from(root.querySelectorAll<HTMLElement>('[data-task-id]'));
    for (const c of cards) if ((c.dataset.moves ?? '').trim()) c.draggable = true;
    const columnOf = (e: Event) => (e.target instanceof Element ? e.target.closest<HTMLElement>('[data-drop-status]') : null);
    const mark = (col: HTMLElement | null, on: boolean) => col?.classList.toggle('ring-2', on);

    const onDragStart = (e: DragEvent) => {
      const card = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-task-id]') : null;
      if (!card?.draggable) return;
      dragged = { id: card.dataset.taskId ?? '', title: card.dataset.title ?? '', moves: (card.dataset.moves ?? '').split(' ').filter(Boolean) };
      e.dataTransfer?.setData('text/plain', dragged.id);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      card.classList.add('opacity-50');
    };
    const onDragEnd = (e: DragEvent) => {
      if (e.target instanceof HTMLElement) e.target.classList.remove('opacity-50');
      root.querySelectorAll('[data-drop-status]').forEach((c) => c.classList.remove('ring-2'));
      dragged = null;
    };
    const onDragOver = (e: DragEvent) => {
      const col = columnOf(e);
      if (!col || !dragged) return;
      if (dragged.moves.includes(col.dataset.dropStatus ?? '')) {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
        mark(col, true);
      }
    };
    const onDragLeave = (e: DragEvent) => {
      const col = columnOf(e);
      if (col && !(e.relatedTarget instanceof Node && col.contains(e.relatedTarget))) mark(col, false);
    };
    const onDrop = (e: DragEvent) => {
      const col = columnOf(e);
      const d = dragged;
      if (!col || !d) return;
      e.preventDefault();
      mark(col, false);
      const to = col.dataset.dropStatus ?? '';
      if (!d.moves.includes(to)) {
        setMessage(labels.notAllowed);
        return;
      }
      setMessage(labels.moving);
      const fd = new FormData();
      fd.set('id', d.id);
      fd.set('to', to);
      startTransition(async () => {
        const r = await action(initialFormResult, fd);
        setMessage(r.ok ? labels.moved.replace('{title}', d.title).replace('{status}', labels.statuses[to] ?? to) : (r.message ?? labels.notAllowed));
        router.refresh();
      });
    };
    root.addEventListener('dragstart', onDragStart);
    root.addEventListener('dragend', onDragEnd);
    root.addEventListener('dragover', onDragOver);
    root.addEventListener('dragleave', onDragLeave);
    root.addEventListener('drop', onDrop);
    return () => {
      root.removeEventListener('dragstart', onDragStart);
      root.removeEventListener('dragend', onDragEnd);
      root.removeEventListener('dragover', onDragOver);
      root.removeEventListener('dragleave', onDragLeave);
      root.removeEventListener('drop', onDrop);
    };
  }, [action, labels, router, children]);

  return (
    <div ref={ref} data-testid="board-dnd" aria-busy={pending}>
      <p className="mb-2 text-xs text-slate-500">{labels.hint}</p>
      <p className="sr-only" role="status" aria-live="polite" data-testid="board-dnd-status">{message}</p>
      {message && !pending ? <p className="mb-2 text-sm text-slate-700" aria-hidden="true">{message}</p> : null}
      {children}
    </div>
  );
}
