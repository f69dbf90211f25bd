/**
 * Converts the model's Markdown into Slack mrkdwn: `**bold**` → `*bold*`, `*italics*` → `_italics_`,
 * `[text](url)` → `<url|text>`, lists → bullets, headings → bold lines, `~~strike~~` → `~strike~`.
 * Code (fenced and inline) keeps its content; a fence loses its language tag, which Slack would print.
 * `&`, `<` and `>` are escaped everywhere, code included, because Slack reads `<…>` as a control sequence:
 * this is also what stops model text from pinging `<!channel>` or a user.
 * An unclosed fence (a streamed answer cut mid-block) is closed so the partial text still renders.
 */
export function convertMarkdownToMrkdwn(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (fence !== undefined) {
      if (closesFence(line, fence)) {
        out.push("```");
        fence = undefined;
      } else {
        out.push(escapeSlackText(line));
      }
      continue;
    }
    const opener = /^ {0,3}(`{3,}|~{3,})[^`]*$/.exec(line);
    if (opener?.[1] !== undefined) {
      fence = opener[1];
      out.push("```");
      continue;
    }
    out.push(convertLine(line));
  }
  if (fence !== undefined) out.push("```");
  return out.join("\n");
}

/** Slack's three reserved characters; everything else is sent as is. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && /^(`+|~+)$/.test(trimmed) && trimmed[0] === fence[0] && line.search(/\S/) <= 3;
}

const HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,9})[.)]\s+(.*)$/;

function convertLine(line: string): string {
  const heading = HEADING.exec(line);
  if (heading) {
    const text = convertInline(heading[1] ?? "", "");
    return text === "" ? "" : `*${text}*`;
  }
  const quote = QUOTE.exec(line);
  if (quote) return `>${convertLine(quote[1] ?? "")}`;
  if (RULE.test(line)) return "──────────";
  const bullet = BULLET.exec(line);
  if (bullet) return `${bullet[1]}• ${convertInline(convertTaskBox(bullet[2] ?? ""), "*")}`;
  const numbered = NUMBERED.exec(line);
  if (numbered) return `${numbered[1]}${numbered[2]}. ${convertInline(numbered[3] ?? "", "*")}`;
  return convertInline(line, "*");
}

function convertTaskBox(item: string): string {
  return item.replace(/^\[ \]\s+/, "☐ ").replace(/^\[[xX]\]\s+/, "☑ ");
}

const INLINE_CODE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;

/** `boldMarker` is `*`, or "" inside a heading, which is already bold as a whole. */
function convertInline(text: string, boldMarker: string): string {
  let result = "";
  let last = 0;
  for (const match of text.matchAll(INLINE_CODE)) {
    result += convertProse(text.slice(last, match.index), boldMarker);
    result += escapeSlackText(match[0]);
    last = match.index + match[0].length;
  }
  return result + convertProse(text.slice(last), boldMarker);
}

const LINK = /!?\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<(https?:\/\/[^>\s]+)>|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;
// Private-use characters stand for protected spans and bold markers while the emphasis rules run.
const SLOT = "\uE000";
const BOLD = "\uE001";

function convertProse(text: string, boldMarker: string): string {
  const links: string[] = [];
  const withSlots = text.replace(
    LINK,
    (_whole, label: string | undefined, url: string | undefined, angled: string | undefined, bare: string | undefined) => {
      const target = escapeSlackText(url ?? angled ?? bare ?? "");
      const shown =
        label !== undefined && label.trim() !== "" && label !== url ? `|${convertEmphasis(escapeSlackText(label), boldMarker)}` : "";
      links.push(bare !== undefined ? target : `<${target}${shown}>`);
      return SLOT;
    },
  );
  const converted = convertEmphasis(escapeSlackText(withSlots), boldMarker);
  let next = 0;
  return converted.replace(new RegExp(SLOT, "g"), () => links[next++] ?? "");
}

function convertEmphasis(text: string, boldMarker: string): string {
  return text
    .replace(/\*\*\*(?=\S)(.*?\S)\*\*\*/g, `${BOLD}_$1_${BOLD}`)
    .replace(/\*\*(?=\S)(.*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^\w])__(?=\S)(.*?\S)__(?!\w)/g, `$1${BOLD}$2${BOLD}`)
    .replace(/\*(?=\S)(.*?\S)\*/g, "_$1_")
    .replace(/~~(?=\S)(.*?\S)~~/g, "~$1~")
    .replace(new RegExp(BOLD, "g"), boldMarker);
}
