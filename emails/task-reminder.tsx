import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import { MailLayout, mailStyles } from './_layout';

/** A task reminder (one day, one hour before due, or overdue), in the recipient's language. */
export type TaskReminderProps = { taskId: string; title: string; dueOn: string | null; kind: 'day' | 'hour' | 'overdue' };

export const taskReminderMail = defineMail<TaskReminderProps>({
  subject: (p, { t }) => t(`tasks.mail.reminder.subject.${p.kind}`, { title: p.title }),
  render: (p, { t, locale, baseUrl }) => {
    const url = `${baseUrl.replace(/\/$/, '')}/tasks/${p.taskId}`;
    const intro = t(`tasks.mail.reminder.intro.${p.kind}`, { title: p.title, due: p.dueOn ?? '' });
    return (
      <MailLayout lang={locale} preview={intro} footer={t('mail.footer')}>
        <Text style={mailStyles.heading}>{p.title}</Text>
        <Text style={mailStyles.text}>{intro}</Text>
        <Button href={url} style={mailStyles.button}>{t('tasks.mail.reminder.action')}</Button>
        <Text style={mailStyles.muted}>{url}</Text>
      </MailLayout>
    );
  },
});
