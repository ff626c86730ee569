import common from '@/messages/common/en.json';
import auth from '@/messages/auth/en.json';
import admin from '@/messages/admin/en.json';
import home from '@/messages/home/en.json';
import errors from '@/messages/errors/en.json';
import mail from '@/messages/mail/en.json';
import announcements from '@/messages/announcements/en.json';
import requests from '@/messages/requests/en.json';
import orders from '@/messages/orders/en.json';
import integrations from '@/messages/integrations/en.json';
import kb from '@/messages/kb/en.json';
import tasks from '@/messages/tasks/en.json';
import meetings from '@/messages/meetings/en.json';
import notifications from '@/messages/notifications/en.json';
import type { MessageKey, Messages } from './catalog';

/** The English catalogs, for checks at run time (both languages have the same keys: see catalog.test.ts). */
export const catalogShape: Messages = { common, auth, admin, home, errors, mail, announcements, requests, orders, integrations, kb, tasks, meetings, notifications };

/** True when `s` names one message (a leaf) of the catalogs. */
export function isMessageKey(s: unknown): s is MessageKey {
  if (typeof s !== 'string' || !/^[A-Za-z]+(\.[\w-]+)+$/.test(s)) return false;
  let node: unknown = catalogShape;
  for (const part of s.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}
