import type { TodoSource } from './types';
import { dueSoonTasksSource, overdueTasksSource } from '@/lib/tasks/todos';
import { meetingsTodaySource } from '@/lib/meetings/todos';

/**
 * Every area's to-do source, one line each (lib/<area>/todos.ts). The workbench issue adds the
 * announcement sources (to acknowledge, approvals waiting, rejected drafts, requests to answer);
 * later areas add theirs (tasks, meetings, required reading, orders, customer requests).
 */
export const todoSources: TodoSource[] = [overdueTasksSource, dueSoonTasksSource, meetingsTodaySource];
