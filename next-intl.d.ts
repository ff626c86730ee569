import type { AppLocale } from '@/lib/i18n/config';
import type { Messages } from '@/lib/i18n/catalog';

declare module 'next-intl' {
  interface AppConfig {
    Locale: AppLocale;
    Messages: Messages;
  }
}
