import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './config';

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR,en;q=0.5,zh;q=0.4', 'en'],
    ['fr-FR;q=1, zh;q=0.9, en;q=0.95', 'en'],
    ['de', null],
    ['', null],
    [null, null],
    ['en;q=0, zh;q=0.1', 'zh-CN'],
  ])('%s → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
