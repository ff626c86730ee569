import { approvalsWaiting, rejectedDrafts, toAcknowledge, toRespond } from '@/lib/announcements/todos';
import { requiredReadingTodos } from '@/lib/kb/todos';
import { meetingsTodaySource } from '@/lib/meetings/todos';
import { orderTodoSource } from '@/lib/orders/todos';
import { requestTodoSource } from '@/lib/requests/todos';
import { dueSoonTasksSource, overdueTasksSource } from '@/lib/tasks/todos';
import type { TodoSource } from './types';

/**
 * Every area's to-do source, one entry each (lib/<area>/todos.ts); the homepage and the partner
 * home show them in each source's `order`: announcements (to acknowledge, approvals waiting,
 * rejected drafts), required reading, tasks overdue and due soon, meetings today, customer requests, purchase orders.
 * home show them in each source's `order`: announcements (to acknowledge, requests waiting for my response, approvals waiting,
 * rejected drafts), required reading, tasks overdue and due soon, meetings today, customer requests.
 */
export const todoSources: TodoSource[] = [
  toAcknowledge,
  toRespond,
  approvalsWaiting,
  rejectedDrafts,
  requiredReadingTodos,
  overdueTasksSource,
  dueSoonTasksSource,
  meetingsTodaySource,
  requestTodoSource,
  orderTodoSource,
];
