/**
 * The site's Markdown renderer (scripts/site-assets/markdown.mjs): raw HTML in lessons is escaped except a few
 * harmless forms. One of them: an empty `<a id="slug"></a>`, which keeps an old heading's id (the Korean errata keeps
 * the English section ids so that links written for them still land).
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs module of the site build
import { createMarkdown } from "../scripts/site-assets/markdown.mjs";

const render = (text: string): string => (createMarkdown() as { render: (s: string, env?: object) => string }).render(text, {});

describe("raw HTML in a lesson's Markdown", () => {
  it("an empty <a id> anchor keeps its id", () => {
    const html = render('<a id="exactly-once-is-not-an-acks-value"></a>\n\n## 정확히 한 번은 acks 값이 아닙니다\n');
    expect(html).toContain('<a id="exactly-once-is-not-an-acks-value"></a>');
  });

  it("any other anchor or tag stays escaped text", () => {
    for (const hostile of ['<a id="x" onclick="alert(1)"></a>', '<a id="x"><script>alert(1)</script></a>', '<a href="javascript:alert(1)">x</a>', '<a id="X Y"></a>', "<img src=x onerror=alert(1)>"]) {
      const html = render(`before ${hostile} after\n`);
      expect(html, hostile).not.toMatch(/<a [^>]*(onclick|href="javascript)|<script|<img/i);
    }
  });
});
