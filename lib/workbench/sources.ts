import { approvalsWaiting, rejectedDrafts, toAcknowledge } from '@/lib/announcements/todos';
import { requestTodoSource } from '@/lib/requests/todos';
import { requiredReadingTodos } from '@/lib/kb/todos';
import type { TodoSource } from './types';
import { dueSoonTasksSource, overdueTasksSource } from '@/lib/tasks/todos';
import { meetingsTodaySource } from '@/lib/meetings/todos';

/**
 * Every area's to-do source, one entry each (lib/<area>/todos.ts): announcements give what to
 * acknowledge, approvals waiting and rejected drafts; later areas add theirs (tasks, meetings, required reading, orders, customer requests).
 */
export const todoSources: TodoSource[] = [] = [toAcknowledge, approvalsWaiting, rejectedDrafts, requiredReadingTodos, requestTodoSource, ] = [overdueTasksSource, dueSoonTasksSource, meetingsTodaySource];
