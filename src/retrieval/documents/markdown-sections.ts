import type { HtmlToTextOptions } from "html-to-text";
import type { DocumentSection } from "./converted-document.js";

const HEADING = /^(#{1,6}) (.+)$/;

/**
 * html-to-text options that keep what a citation needs: headings become `#` lines (not upper-cased text),
 * links keep their words only, lines are not re-wrapped.
 */
export const HTML_TO_TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  formatters: {
    markdownHeading: (element, walk, builder, formatOptions) => {
      builder.openBlock({ leadingLineBreaks: 2 });
      builder.addLiteral(`${"#".repeat(Number(formatOptions.level ?? 1))} `);
      walk(element.children, builder);
      builder.closeBlock({ trailingLineBreaks: 2 });
    },
  },
  selectors: [
    ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, format: "markdownHeading", options: { level } })),
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "script", format: "skip" },
    { selector: "style", format: "skip" },
    { selector: "nav", format: "skip" },
  ],
};

/**
 * Cuts text with `#` heading lines into sections, one per heading, each with the headings in force.
 * A heading's own line is left out of the text: the section's heading path carries it.
 */
export function sectionsFromHeadingText(text: string, outer: string[] = []): DocumentSection[] {
  const sections: DocumentSection[] = [];
  const headings: Array<{ level: number; title: string }> = [];
  let lines: string[] = [];
  const flush = () => {
    const body = lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
    if (body) sections.push({ headingPath: [...outer, ...headings.map((heading) => heading.title)], text: body, teacherOnly: false });
    lines = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (!heading) {
      lines.push(line);
      continue;
    }
    flush();
    const level = heading[1]!.length;
    while (headings.length > 0 && headings.at(-1)!.level >= level) headings.pop();
    headings.push({ level, title: heading[2]!.trim() });
  }
  flush();
  return sections;
}
