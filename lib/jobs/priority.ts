import { getPriority, setPriority } from 'node:os';
import { env } from '@/lib/env';

/**
 * The worker yields the machine to the web app: its process is niced (PLAZA_WORKER_NICE, default
 * 10) so that a digest run or an import never slows the pages people are reading. Only lowers:
 * an operator who starts the worker at a lower priority keeps it. Returns the priority in force.
 */
export function lowerWorkerPriority(nice = env().PLAZA_WORKER_NICE): number {
  try {
    if (getPriority() < nice) setPriority(nice);
  } catch {
    // Not allowed here (some containers): the worker runs as it is.
  }
  return getPriority();
}
