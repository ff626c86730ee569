import { z } from 'zod';
import { checkbox } from '@/lib/forms/schema';
import type { MessageKey } from '@/lib/i18n/catalog';
import { parseLocalDateTime, type AnnouncementKind } from './schema';

/**
 * Responses to collaboration and feedback requests (issue 14): what the author asks in the
 * compose form, and what a recipient answers. Pure: lib/announcements/responses.ts uses them.
 */
export const RESPONSE_KINDS: readonly AnnouncementKind[] = ['collab_request', 'feedback_request'];
export const PROMPT_MAX = 500;
export const OPTION_MAX = 100;
export const OPTIONS_MAX = 20;
export const RESPONSE_TEXT_MAX = 2000;
/** Numbers people type: digits, an optional sign and decimal part (full-width forms accepted). */
const NUMBER = /^[-+]?\d{1,12}(?:\.\d{1,4})?$/;

/** What the author asks, as stored. */
export type ResponseSetup = {
  prompt: string;
  askDate: boolean;
  askNumber: boolean;
  options: string[];
  askFile: boolean;
  deadline: Date | null;
};

/** The compose form's response fields (strings as submitted). */
export const responseSetupFormSchema = z.object({
  collectResponses: checkbox,
  responsePrompt: z.string().optional().default(''),
  responseAskDate: checkbox,
  responseAskNumber: checkbox,
  responseOptions: z.string().max(5000, { message: 'announcements.responses.errors.optionsTooMany' }).optional().default(''),
  responseAskFile: checkbox,
  responseDeadline: z.string().trim().optional().default(''),
});

/**
 * The response set-up from the compose form, or null when none is asked. Field errors as catalog
 * keys (checked together with the compose rules). `timeZone`: the author's, for the deadline.
 */
export function toResponseSetup(
  raw: z.output<typeof responseSetupFormSchema>,
  kind: AnnouncementKind,
  timeZone: string,
  now: Date = new Date(),
): { setup: ResponseSetup | null; errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {};
  if (!raw.collectResponses) return { setup: null, errors };
  if (!RESPONSE_KINDS.includes(kind)) errors.collectResponses = 'announcements.responses.errors.kindNotRequest';
  const prompt = raw.responsePrompt.replace(/\r\n?/g, '\n').trim();
  if (!prompt) errors.responsePrompt = 'announcements.responses.errors.promptEmpty';
  else if (prompt.length > PROMPT_MAX) errors.responsePrompt = 'announcements.responses.errors.promptTooLong';
  const options = [...new Set(raw.responseOptions.split(/\r?\n/).map((s) => s.trim().replace(/\s+/g, ' ')).filter(Boolean))];
  if (options.length > OPTIONS_MAX) errors.responseOptions = 'announcements.responses.errors.optionsTooMany';
  else if (options.some((o) => o.length > OPTION_MAX)) errors.responseOptions = 'announcements.responses.errors.optionTooLong';
  else if (options.length === 1) errors.responseOptions = 'announcements.responses.errors.optionsTooFew';
  let deadline: Date | null = null;
  if (raw.responseDeadline) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(raw.responseDeadline)) errors.responseDeadline = 'announcements.errors.dateInvalid';
    else {
      deadline = parseLocalDateTime(raw.responseDeadline, timeZone);
      if (deadline.getTime() <= now.getTime()) errors.responseDeadline = 'announcements.responses.errors.deadlinePast';
    }
  }
  return {
    setup: { prompt, askDate: raw.responseAskDate, askNumber: raw.responseAskNumber, options, askFile: raw.responseAskFile, deadline },
    errors,
  };
}

/** Full-width digits, sign and point (common in Chinese input methods) → ASCII; comma as decimal point. */
export function normaliseNumber(s: string): string {
  return s
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/\uFF0B/g, '+')
    .replace(/^([-+]?\d+),(\d+)$/, '$1.$2');
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900 && y <= 2200;
}

/**
 * The schema of one answer to `setup`: free text always (required when nothing else is asked),
 * then only the parts the author asked for. Messages say what is expected.
 */
export function responseSchema(setup: Pick<ResponseSetup, 'askDate' | 'askNumber' | 'options' | 'askFile'>) {
  const onlyText = !setup.askDate && !setup.askNumber && setup.options.length === 0 && !setup.askFile;
  return z.object({
    text: z
      .string()
      .optional()
      .default('')
      .transform((s) => s.replace(/\r\n?/g, '\n').trim())
      .pipe(
        z
          .string()
          .min(onlyText ? 1 : 0, { message: 'announcements.responses.errors.textEmpty' })
          .max(RESPONSE_TEXT_MAX, { message: 'announcements.responses.errors.textTooLong' })
          .refine((s) => !/[\p{Cc}\u2028\u2029]/u.test(s.replace(/[\n\t]/g, '')), { message: 'errors.validation.invisibleChars' }),
      ),
    date: setup.askDate
      ? z.string({ message: 'announcements.responses.errors.dateEmpty' }).trim().min(1, { message: 'announcements.responses.errors.dateEmpty' })
        .refine(validDate, { message: 'announcements.responses.errors.dateInvalid' })
      : z.unknown().optional().transform(() => null),
    number: setup.askNumber
      ? z.string({ message: 'announcements.responses.errors.numberEmpty' }).transform(normaliseNumber)
        .pipe(z.string().min(1, { message: 'announcements.responses.errors.numberEmpty' }).regex(NUMBER, { message: 'announcements.responses.errors.numberInvalid' }))
      : z.unknown().optional().transform(() => null),
    choice: setup.options.length > 0
      ? z.string({ message: 'announcements.responses.errors.choiceEmpty' }).min(1, { message: 'announcements.responses.errors.choiceEmpty' })
        .refine((c) => setup.options.includes(c), { message: 'announcements.responses.errors.choiceInvalid' })
      : z.unknown().optional().transform(() => null),
  });
}
export type ResponseInput = z.output<ReturnType<typeof responseSchema>>;
