import { describe, expect, it } from 'vitest';
import en from '@/messages/admin/en.json';
import zh from '@/messages/admin/zh-CN.json';
import { auditActionCodes, auditArea } from './actions';

const leaf = (root: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), root);

describe('audit actions', () => {
  it('every action has a label in both languages, and every area a group name', () => {
    for (const [lang, catalog] of [['en', en], ['zh-CN', zh]] as const) {
      for (const code of auditActionCodes) expect(typeof leaf(catalog, `audit.actions.${code}`), `${lang} ${code}`).toBe('string');
      for (const area of new Set(auditActionCodes.map(auditArea))) expect(typeof leaf(catalog, `audit.areas.${area}`), `${lang} area ${area}`).toBe('string');
    }
  });

  it('codes are area.verb, listed once', () => {
    expect(new Set(auditActionCodes).size).toBe(auditActionCodes.length);
    for (const code of auditActionCodes) expect(code).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });
});
