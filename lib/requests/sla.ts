import { addWorkingTime, workingMinutesBetween, type WorkCalendar } from './calendar';

/**
 * The two SLA clocks of a request, as pure functions of its stored state. The first-response
 * clock runs from filing to the first public reply. The resolution clock runs from filing to
 * resolution and pauses while the request waits for the customer: `resolveConsumedMin` holds
 * the working minutes used before the current run, `resolveRunningSince` the run's start (null
 * while paused or stopped). Alerts: a warning at 80 % of a target, an alert at breach, each once.
 */
export type SlaState = {
  createdAt: Date;
  status: 'new' | 'open' | 'waiting' | 'resolved' | 'closed';
  firstTargetMin: number | null;
  firstResponseAt: Date | null;
  resolveTargetMin: number | null;
  resolveConsumedMin: number;
  resolveRunningSince: Date | null;
};

export const alertKinds = ['first_warning', 'first_breach', 'resolve_warning', 'resolve_breach'] as const;
export type AlertKind = (typeof alertKinds)[number];
export const WARN_SHARE = 0.8;

export type SlaSchedule = {
  firstDueAt: Date | null;
  resolveDueAt: Date | null;
  /** When each alert falls due (null: not running / not applicable). */
  alerts: Record<AlertKind, Date | null>;
};

export function slaSchedule(s: SlaState, cal: WorkCalendar): SlaSchedule {
  const open = s.status !== 'resolved' && s.status !== 'closed';
  const firstRunning = open && s.firstTargetMin !== null && s.firstResponseAt === null;
  const firstDueAt = s.firstTargetMin !== null ? addWorkingTime(s.createdAt, s.firstTargetMin, cal) : null;
  const resolveRunning = s.resolveTargetMin !== null && s.resolveRunningSince !== null;
  const left = (share: number) => Math.max(0, (s.resolveTargetMin ?? 0) * share - s.resolveConsumedMin);
  const resolveDueAt = resolveRunning ? addWorkingTime(s.resolveRunningSince!, left(1), cal) : null;
  return {
    firstDueAt,
    resolveDueAt,
    alerts: {
      first_warning: firstRunning ? addWorkingTime(s.createdAt, s.firstTargetMin! * WARN_SHARE, cal) : null,
      first_breach: firstRunning ? firstDueAt : null,
      resolve_warning: resolveRunning ? addWorkingTime(s.resolveRunningSince!, left(WARN_SHARE), cal) : null,
      resolve_breach: resolveRunning ? resolveDueAt : null,
    },
  };
}

/** The earliest alert not yet sent, or null: stored as request.sla_next_at for the index-backed scan. */
export function nextAlertAt(schedule: SlaSchedule, sent: ReadonlySet<AlertKind>): Date | null {
  let next: Date | null = null;
  for (const k of alertKinds) {
    const at = schedule.alerts[k];
    if (at && !sent.has(k) && (!next || at < next)) next = at;
  }
  return next;
}

/** Alerts due at `now` and not yet sent (a warning is skipped when its breach is due too). */
export function dueAlerts(schedule: SlaSchedule, sent: ReadonlySet<AlertKind>, now: Date): AlertKind[] {
  const due = alertKinds.filter((k) => !sent.has(k) && schedule.alerts[k] !== null && schedule.alerts[k]! <= now);
  return due.filter((k) => !(k.endsWith('_warning') && due.includes(k.replace('_warning', '_breach') as AlertKind)));
}

/** Working minutes the resolution clock has used up to `now`. */
export function resolveUsed(s: SlaState, now: Date, cal: WorkCalendar): number {
  return s.resolveConsumedMin + (s.resolveRunningSince ? workingMinutesBetween(s.resolveRunningSince, now, cal) : 0);
}

export type Clock = { target: number; due: Date | null; remainingMin: number; breached: boolean; state: 'running' | 'paused' | 'met' | 'missed' };

/** What a request page shows for both clocks. */
export function clocks(s: SlaState, now: Date, cal: WorkCalendar): { first: Clock | null; resolve: Clock | null } {
  const sch = slaSchedule(s, cal);
  let first: Clock | null = null;
  if (s.firstTargetMin !== null) {
    if (s.firstResponseAt) {
      const used = workingMinutesBetween(s.createdAt, s.firstResponseAt, cal);
      first = { target: s.firstTargetMin, due: sch.firstDueAt, remainingMin: Math.round(s.firstTargetMin - used), breached: used > s.firstTargetMin, state: used > s.firstTargetMin ? 'missed' : 'met' };
    } else {
      const used = workingMinutesBetween(s.createdAt, now, cal);
      first = { target: s.firstTargetMin, due: sch.firstDueAt, remainingMin: Math.round(s.firstTargetMin - used), breached: used > s.firstTargetMin, state: 'running' };
    }
  }
  let resolve: Clock | null = null;
  if (s.resolveTargetMin !== null) {
    const used = resolveUsed(s, now, cal);
    const done = s.status === 'resolved' || s.status === 'closed';
    const breached = used > s.resolveTargetMin;
    resolve = {
      target: s.resolveTargetMin, due: sch.resolveDueAt, remainingMin: Math.round(s.resolveTargetMin - used), breached,
      state: done ? (breached ? 'missed' : 'met') : s.resolveRunningSince ? 'running' : 'paused',
    };
  }
  return { first, resolve };
}
