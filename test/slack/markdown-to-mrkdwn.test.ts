import { describe, expect, it } from "vitest";
import { convertMarkdownToMrkdwn as convert } from "../../src/adapters/slack/markdown-to-mrkdwn.js";

describe("convertMarkdownToMrkdwn", () => {
  it("turns bold, italics, bold-italics and strikethrough into Slack marks", () => {
    expect(convert("a **bold** and *it* and _also it_")).toBe("a *bold* and _it_ and _also it_");
    expect(convert("__bold__ ***both*** ~~gone~~")).toBe("*bold* *_both_* ~gone~");
    expect(convert("*a **b** c*")).toBe("_a *b* c_");
  });

  it("leaves lone stars and snake_case alone", () => {
    expect(convert("2 * 3 * 4 = 24")).toBe("2 * 3 * 4 = 24");
    expect(convert("call my_var_name here")).toBe("call my_var_name here");
  });

  it("turns links, autolinks and images into Slack links and keeps bare URLs intact", () => {
    expect(convert("see [the docs](https://docs.python.org/3/) now")).toBe("see <https://docs.python.org/3/|the docs> now");
    expect(convert("<https://example.org/a_b_c>")).toBe("<https://example.org/a_b_c>");
    expect(convert("![chart](https://x.org/c.png)")).toBe("<https://x.org/c.png|chart>");
    expect(convert("go to https://x.org/some_page_name.")).toBe("go to https://x.org/some_page_name.");
    expect(convert("[q](https://x.org/?a=1&b=2)")).toBe("<https://x.org/?a=1&amp;b=2|q>");
  });

  it("turns headings into bold lines and lists into bullets, keeping numbers and nesting", () => {
    const markdown = [
      "# Loops",
      "## The **for** statement ##",
      "- one",
      "* two",
      "  + nested",
      "1. first",
      "2) second",
      "- [ ] todo",
      "- [x] done",
    ].join("\n");
    expect(convert(markdown)).toBe(
      ["*Loops*", "*The for statement*", "• one", "• two", "  • nested", "1. first", "2. second", "• ☐ todo", "• ☑ done"].join("\n"),
    );
  });

  it("keeps quotes as Slack quotes and replaces rules", () => {
    expect(convert("> a **quote**\n---")).toBe(">a *quote*\n──────────");
  });

  it("leaves fenced code untouched except for the language tag and Slack's reserved characters", () => {
    const markdown = "Try:\n```python\nfor i in range(3):\n    print(**kwargs, i < 3)  # *not* italic\n```\nDone **now**";
    expect(convert(markdown)).toBe("Try:\n```\nfor i in range(3):\n    print(**kwargs, i &lt; 3)  # *not* italic\n```\nDone *now*");
  });

  it("keeps inline code as is", () => {
    expect(convert("use `**x**` or ``a ` b`` but **bold**")).toBe("use `**x**` or ``a ` b`` but *bold*");
  });

  it("closes a fence left open by a cut stream", () => {
    expect(convert("```js\nconst a = 1;")).toBe("```\nconst a = 1;\n```");
  });

  it("escapes Slack control characters so model text cannot mention anyone", () => {
    expect(convert("<!channel> hi <@U123> & a > b")).toBe("&lt;!channel&gt; hi &lt;@U123&gt; &amp; a &gt; b");
  });

  it("normalises Windows line endings", () => {
    expect(convert("**a**\r\n- b")).toBe("*a*\n• b");
  });
});
