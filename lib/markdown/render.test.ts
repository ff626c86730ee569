import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from './render';

describe('renderMarkdown', () => {
  it('renders ordinary markdown', () => {
    const html = renderMarkdown('## 事由\n\n**设备**故障，请[查看](https://example.com/a)。\n\n- 一\n- 二');
    expect(html).toContain('<h2>事由</h2>');
    expect(html).toContain('<strong>设备</strong>');
    expect(html).toContain('<a href="https://example.com/a" rel="noopener noreferrer nofollow" target="_blank">查看</a>');
    expect(html).toContain('<li>一</li>');
  });

  const attacks: [string, string][] = [
    ['script tag', '<script>alert(1)</script>hello'],
    ['script in inline html', 'text <b onclick="alert(1)">x</b>'],
    ['img onerror', '<img src=x onerror="alert(1)">'],
    ['svg onload', '<svg onload=alert(1)></svg>'],
    ['javascript: link', '[click](javascript:alert(1))'],
    ['javascript: link with entities', '[click](jav&#x61;script:alert(1))'],
    ['javascript: in raw anchor', '<a href="javascript:alert(1)">x</a>'],
    ['data: URL', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
    ['vbscript', '[x](vbscript:msgbox(1))'],
    ['style attribute', '<p style="position:fixed;top:0">x</p>'],
    ['style tag', '<style>body{display:none}</style>x'],
    ['iframe', '<iframe src="https://evil.example"></iframe>'],
    ['form', '<form action="https://evil.example"><button>go</button></form>'],
    ['object', '<object data="x.swf"></object>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ['protocol-relative', '<a href="//evil.example">x</a>'],
    ['autolink javascript', '<javascript:alert(1)>'],
  ];
  it.each(attacks)('drops %s', (_name, src) => {
    const html = renderMarkdown(src).toLowerCase();
    expect(html).not.toMatch(/<script|<style|<iframe|<svg|<img|<object|<form|<meta/);
    expect(html).not.toMatch(/\son\w+\s*=/);
    // The words may remain as text; they must never become a URL.
    expect(html).not.toMatch(/href="\s*(javascript|vbscript|data):/);
    expect(html).not.toContain('data:text');
    expect(html).not.toContain('style=');
    expect(html).not.toContain('href="//');
  });

  it('keeps task-list checkboxes inert', () => {
    const html = renderMarkdown('- [x] done\n- [ ] todo');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('disabled');
  });
});

describe('renderMarkdown with stored-file images (knowledge base)', () => {
  const id = '0b7e4c1a-3d2f-4a5b-8c9d-0e1f2a3b4c5d';
  it('keeps an image of a stored file, drops every other image', () => {
    const html = renderMarkdown(`![图](/api/files/${id}?inline=1) ![x](https://evil.example/a.png) ![y](/api/files/${id}) <img src="/api/files/${id}?inline=1" onerror="alert(1)"> ![z](javascript:alert(1))`, { fileImages: true });
    expect(html.match(/<img/g)?.length).toBe(2);
    expect(html).toContain(`<img src="/api/files/${id}?inline=1" alt="图" loading="lazy" />`);
    expect(html).not.toMatch(/evil|onerror|javascript/);
  });
  it('without the option no image is kept', () => {
    expect(renderMarkdown(`![图](/api/files/${id}?inline=1)`)).not.toContain('<img');
  });
  it('links within the site stay in the tab, others open a new one', () => {
    expect(renderMarkdown(`[a](/kb/articles/${id})`)).toContain(`<a href="/kb/articles/${id}">a</a>`);
    expect(renderMarkdown('[b](https://example.com)')).toContain('target="_blank"');
    expect(renderMarkdown('[c](//evil.example/x)')).not.toContain('evil.example');
  });
});

describe('markdownToText', () => {
  it('strips markup and keeps the words', () => {
    expect(markdownToText('## 标题\n\n**粗体** & <script>x</script>')).toBe('标题\n\n粗体 &');
  });
});
