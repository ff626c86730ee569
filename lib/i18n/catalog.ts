import type { MessageKeys, NestedKeyOf } from 'use-intl/core';
import type common from '@/messages/common/en.json';
import type auth from '@/messages/auth/en.json';
import type admin from '@/messages/admin/en.json';
import type home from '@/messages/home/en.json';
import type errors from '@/messages/errors/en.json';
import type mail from '@/messages/mail/en.json';
import type announcements from '@/messages/announcements/en.json';
import type requests from '@/messages/requests/en.json';
import type orders from '@/messages/orders/en.json';
import type integrations from '@/messages/integrations/en.json';
import type kb from '@/messages/kb/en.json';
import type tasks from '@/messages/tasks/en.json';
import type meetings from '@/messages/meetings/en.json';
import type notifications from '@/messages/notifications/en.json';

/**
 * The shape of the message catalogs, from the English files (a unit test holds zh-CN to the same
 * keys). next-intl is told about it in next-intl.d.ts, so `t('admin.org.title')` is checked by
 * the type checker and a missing key fails `tsc`.
 */
export type Messages = {
  common: typeof common;
  auth: typeof auth;
  admin: typeof admin;
  home: typeof home;
  errors: typeof errors;
  mail: typeof mail;
  announcements: typeof announcements;
  requests: typeof requests;
  orders: typeof orders;
  integrations: typeof integrations;
  kb: typeof kb;
  tasks: typeof tasks;
  meetings: typeof meetings;
  notifications: typeof notifications;
};

/** A full catalog key of one message, e.g. 'errors.validation.required'. */
export type MessageKey = MessageKeys<Messages, NestedKeyOf<Messages>>;

export type MessageParams = Record<string, string | number>;

/** A message not yet in words: its key and the values for its placeholders. */
export type Msg = { key: MessageKey; params?: MessageParams };
