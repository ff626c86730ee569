import type { AppLocale } from './config';

/**
 * Message catalogs, one folder per area under messages/, each with zh-CN.json and en.json.
 * Namespaces are the folder names: t('admin.people.title') reads messages/admin/<locale>.json.
 */
const loaders: Record<AppLocale, () => Promise<Record<string, unknown>>> = {
  'zh-CN': async () => ({
    common: (await import('@/messages/common/zh-CN.json')).default,
    auth: (await import('@/messages/auth/zh-CN.json')).default,
    admin: (await import('@/messages/admin/zh-CN.json')).default,
    home: (await import('@/messages/home/zh-CN.json')).default,
    errors: (await import('@/messages/errors/zh-CN.json')).default,
    mail: (await import('@/messages/mail/zh-CN.json')).default,
    announcements: (await import('@/messages/announcements/zh-CN.json')).default,
    requests: (await import('@/messages/requests/zh-CN.json')).default,
    orders: (await import('@/messages/orders/zh-CN.json')).default,
    integrations: (await import('@/messages/integrations/zh-CN.json')).default,
    kb: (await import('@/messages/kb/zh-CN.json')).default,
    tasks: (await import('@/messages/tasks/zh-CN.json')).default,
    meetings: (await import('@/messages/meetings/zh-CN.json')).default,
    notifications: (await import('@/messages/notifications/zh-CN.json')).default,
  }),
  en: async () => ({
    common: (await import('@/messages/common/en.json')).default,
    auth: (await import('@/messages/auth/en.json')).default,
    admin: (await import('@/messages/admin/en.json')).default,
    home: (await import('@/messages/home/en.json')).default,
    errors: (await import('@/messages/errors/en.json')).default,
    mail: (await import('@/messages/mail/en.json')).default,
    announcements: (await import('@/messages/announcements/en.json')).default,
    requests: (await import('@/messages/requests/en.json')).default,
    orders: (await import('@/messages/orders/en.json')).default,
    integrations: (await import('@/messages/integrations/en.json')).default,
    kb: (await import('@/messages/kb/en.json')).default,
    tasks: (await import('@/messages/tasks/en.json')).default,
    meetings: (await import('@/messages/meetings/en.json')).default,
    notifications: (await import('@/messages/notifications/en.json')).default,
  }),
};

export function loadMessages(locale: AppLocale) {
  return loaders[locale]();
}
