import type { MessageKey } from "./i18n/messages.js";
import type { Intent } from "./router.js";

/**
 * The one table of the tutor's commands. Discord's slash commands, Slack's `/tutor` subcommands, the
 * plain-word forms the router understands, `/help` and the README's command tables are all read from it
 * (test/tutor/command-registry.test.ts fails when one of them disagrees). To add a command, or plain words
 * in another language, add a row or an `aliases` entry here; descriptions are catalog messages
 * (`command.<name>`, `command.<name>.<option>`), so `/help` and Discord show them translated.
 */

/** Where a command may be offered. */
export type Surface = "discord" | "slack" | "terminal" | "help" | "readme";

export interface CommandOption {
  name: string;
  /** Its description's message in the catalogs; Discord shows it next to the option (at most 100 characters). */
  description: MessageKey;
  kind: "text" | "choice" | "attachment";
  required?: boolean;
  maxLength?: number;
  choices?: readonly string[];
  /** Read by the adapter itself, not part of the command's text (`/course scope`). */
  adapterOnly?: boolean;
}

export interface CommandSpec {
  /** The slash name, `/quiz`. */
  name: string;
  /** Other slash names for the same command (`/give-up`, `/start`). */
  altNames?: readonly string[];
  /** How it is typed, for help texts: `/quiz [skill]`. */
  usage: string;
  /**
   * Its one-line description's message in the catalogs, shown in `/help` in the course's language and by
   * Discord in each user's (at most 100 characters).
   */
  description: MessageKey;
  options: readonly CommandOption[];
  /**
   * Plain words that mean the command, per language (`en`, `zh`, …), matched against the whole message,
   * case-insensitively, with trailing punctuation allowed. `{arg}` is the command's argument, `(a|b)` a
   * choice, ` [a|b]` or `[a|b] ` an optional word or words, a space any run of spaces.
   */
  aliases: Readonly<Record<string, readonly string[]>>;
  /** The intent for the command's argument (`""` when there is none), typed as a slash command or in plain words. */
  intent: (argument: string, typed: "slash" | "plain") => Intent;
  /** Only a configured teacher of the course may use it; others get a refusal. */
  teacherOnly: boolean;
  /** Its replies are personal: ephemeral in a Discord server, answered to the person alone in Slack. */
  private: boolean;
  /** False where it means nothing outside a class: a Discord DM belongs to no server. */
  inDirectMessages: boolean;
  shownIn: readonly Surface[];
}

const everywhere: readonly Surface[] = ["discord", "slack", "terminal", "help", "readme"];
const CONTENT_ACTIONS = ["list", "upload", "remove", "check"] as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "ask",
    usage: "/ask <question>",
    description: "command.ask",
    options: [{ name: "question", description: "command.ask.question", kind: "text", required: true, maxLength: 1500 }],
    aliases: {},
    intent: (rest) => (rest ? { kind: "ask", question: rest } : { kind: "empty" }),
    teacherOnly: false,
    private: false,
    inDirectMessages: true,
    shownIn: ["discord", "slack", "terminal"],
  },
  {
    name: "quiz",
    usage: "/quiz [skill]",
    description: "command.quiz",
    options: [{ name: "skill", description: "command.quiz.skill", kind: "text", maxLength: 100 }],
    aliases: {
      en: [
        "(quiz me|test me|give me a question|give me a quiz|quiz|practice)",
        "(quiz me|test me|give me a question|give me a quiz|quiz|practice) (on|about) {arg}",
      ],
      zh: ["[给我|帮我](出题|出一道题|出道题|来一道题|考考我|测验|做题)", "[给我|帮我](出|来)[一道|道](关于|有关){arg}的(题|题目)"],
    },
    intent: (rest) => (rest ? { kind: "quiz", skill: rest } : { kind: "quiz" }),
    teacherOnly: false,
    private: false,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "answer",
    usage: "/answer <answer>",
    description: "command.answer",
    options: [{ name: "text", description: "command.answer.text", kind: "text", required: true, maxLength: 1000 }],
    aliases: {},
    intent: (rest) => (rest ? { kind: "answer", answer: rest } : { kind: "empty" }),
    teacherOnly: false,
    private: false,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "hint",
    usage: "/hint",
    description: "command.hint",
    options: [],
    aliases: {
      en: [
        "hint [please]",
        "(a|another|one more) hint [please]",
        "[please] give me (a|another) hint [please]",
        "(can|could|may) i (have|get) (a|another) hint [please]",
        "(can|could|would) you give me (a|another) hint [please]",
        "(i need|i want|i would like|i'd like) (a|another) hint",
      ],
      zh: [
        "提示",
        "[请]给我[一个|一点|个]提示[吧]",
        "再来[一个|一条]提示",
        "[你](能|可以)[再]给我[一个|一点|个]提示吗",
        "我(需要|想要)[一个|一点]提示",
      ],
    },
    intent: () => ({ kind: "hint" }),
    teacherOnly: false,
    private: false,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "giveup",
    altNames: ["give-up"],
    usage: "/giveup",
    description: "command.giveup",
    options: [],
    aliases: {
      en: [
        "i give up",
        "give up",
        "show [me] the answer",
        "(what's|what is) the [right|correct] answer",
        "just tell me [the answer]",
        "(tell me|give me) the answer",
      ],
      zh: ["我放弃[了]", "放弃", "[直接]告诉我答案[吧]", "看答案", "[正确]答案是什么", "直接告诉我[吧]"],
    },
    // Plain words can be said in passing ("what is the answer?" may be a real question): they ask first.
    intent: (_, typed) => ({ kind: "give-up", confirmed: typed === "slash" }),
    teacherOnly: false,
    private: false,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "progress",
    usage: "/progress",
    description: "command.progress",
    options: [],
    aliases: {
      en: ["progress", "my progress", "how am i doing", "show [my] progress"],
      zh: ["我的进度", "进度", "查看进度", "我学得怎么样[了]"],
    },
    intent: () => ({ kind: "progress" }),
    teacherOnly: false,
    private: true,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "why",
    usage: "/why [skill]",
    description: "command.why",
    options: [{ name: "skill", description: "command.why.skill", kind: "text", maxLength: 100 }],
    aliases: { en: ["why [is] [my] {arg} [so low|so high|low|high]"] },
    intent: (rest) => (rest ? { kind: "why", skill: rest } : { kind: "why" }),
    teacherOnly: false,
    private: true,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "review",
    usage: "/review",
    description: "command.review",
    options: [],
    aliases: { en: ["(review|reviews) [due]", "what should i review"], zh: ["复习", "我该复习什么"] },
    intent: () => ({ kind: "review" }),
    teacherOnly: false,
    private: false,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "export",
    usage: "/export",
    description: "command.export",
    options: [],
    aliases: { en: ["export my data", "export"], zh: ["导出我的数据", "导出数据"] },
    intent: () => ({ kind: "export" }),
    teacherOnly: false,
    private: true,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "forget-me",
    usage: "/forget-me",
    description: "command.forget-me",
    options: [],
    aliases: { en: ["forget me", "delete my data"], zh: ["忘记我", "删除我的数据"] },
    intent: (rest) => ({ kind: "forget", confirmed: /^confirm$/i.test(rest) }),
    teacherOnly: false,
    private: true,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "help",
    altNames: ["start"],
    usage: "/help",
    description: "command.help",
    options: [],
    aliases: { en: ["help", "commands", "what can you do"], zh: ["帮助", "你能做什么"] },
    intent: () => ({ kind: "help" }),
    teacherOnly: false,
    private: true,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "course",
    usage: "/course <course-id>",
    description: "command.course",
    options: [
      { name: "course", description: "command.course.course", kind: "text", required: true, maxLength: 100 },
      {
        name: "scope",
        description: "command.course.scope",
        kind: "choice",
        choices: ["server", "channel"],
        adapterOnly: true,
      },
    ],
    aliases: {},
    intent: (rest) => (rest ? { kind: "course", courseId: rest } : { kind: "course" }),
    teacherOnly: true,
    private: true,
    inDirectMessages: false,
    shownIn: everywhere,
  },
  {
    name: "content",
    usage: "/content list|upload|remove|check",
    description: "command.content",
    options: [
      { name: "action", description: "command.content.action", kind: "choice", required: true, choices: CONTENT_ACTIONS },
      { name: "file", description: "command.content.file", kind: "attachment" },
      { name: "path", description: "command.content.path", kind: "text", maxLength: 200 },
    ],
    aliases: {},
    intent: (rest) => {
      const [action = "list", ...argument] = rest.split(/\s+/).filter(Boolean);
      const match = CONTENT_ACTIONS.find((name) => name === action.toLowerCase());
      return match ? { kind: "content", action: match, argument: argument.join(" ") } : { kind: "content", action: "list", argument: "" };
    },
    teacherOnly: true,
    private: true,
    inDirectMessages: true,
    shownIn: everywhere,
  },
  {
    name: "class",
    usage: "/class",
    description: "command.class",
    options: [],
    aliases: {},
    intent: () => ({ kind: "class-view" }),
    teacherOnly: true,
    private: true,
    inDirectMessages: false,
    shownIn: everywhere,
  },
  {
    name: "style",
    usage: "/style [socratic|direct|course]",
    description: "command.style",
    options: [
      {
        name: "style",
        description: "command.style.style",
        kind: "choice",
        choices: ["socratic", "direct", "course"],
      },
    ],
    aliases: {},
    intent: (rest) => (rest ? { kind: "style", style: rest } : { kind: "style" }),
    teacherOnly: true,
    private: true,
    inDirectMessages: false,
    shownIn: everywhere,
  },
  {
    name: "override",
    usage: "/override <student> <skill> <percent> <reason>",
    description: "command.override",
    options: [
      { name: "student", description: "command.override.student", kind: "text", required: true, maxLength: 100 },
      { name: "skill", description: "command.override.skill", kind: "text", required: true, maxLength: 100 },
      { name: "percent", description: "command.override.percent", kind: "text", required: true, maxLength: 5 },
      { name: "reason", description: "command.override.reason", kind: "text", required: true, maxLength: 300 },
    ],
    aliases: {},
    intent: (rest) => ({ kind: "override", argument: rest }),
    teacherOnly: true,
    private: true,
    inDirectMessages: false,
    shownIn: everywhere,
  },
];

/** The command a slash name stands for (`quiz`, `give-up`), or undefined. */
export function findCommand(name: string): CommandSpec | undefined {
  const wanted = name.toLowerCase();
  return COMMANDS.find((spec) => spec.name === wanted || spec.altNames?.includes(wanted));
}

export function commandsShownIn(surface: Surface): CommandSpec[] {
  return COMMANDS.filter((spec) => spec.shownIn.includes(surface));
}

/** The command's text for its options' values, in the declared order: `/content remove lessons/x.md`. */
export function commandText(spec: CommandSpec, values: Readonly<Record<string, string | undefined>>): string {
  const words = spec.options
    .filter((option) => option.kind !== "attachment" && !option.adapterOnly)
    .flatMap((option) => values[option.name]?.trim() || []);
  return [`/${spec.name}`, ...words].join(" ");
}

/** A plain-word template as a regular expression (see `CommandSpec.aliases`). */
export function compileAlias(template: string): RegExp {
  let pattern = "";
  // Per open "[": whether it took the space before it (" [a]") and so its closing takes none.
  const spaced: boolean[] = [];
  for (let index = 0; index < template.length; index++) {
    const char = template[index]!;
    if (char === " " && template[index + 1] === "[") {
      pattern += "(?:\\s+(?:";
      spaced.push(true);
      index++;
    } else if (char === "[") {
      pattern += "(?:(?:";
      spaced.push(false);
    } else if (char === "]") {
      // "[please] give": an optional word at the start carries the space after it.
      if (!spaced.pop() && template[index + 1] === " ") {
        pattern += ")\\s+)?";
        index++;
      } else pattern += "))?";
    } else if (char === "(") pattern += "(?:";
    else if (char === ")" || char === "|") pattern += char;
    else if (char === " ") pattern += "\\s+";
    else if (char === "'") pattern += "['’]";
    else if (char === "{") {
      pattern += "(.+?)";
      index = template.indexOf("}", index);
    } else pattern += char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${pattern}\\s*[.!?。！？]*$`, "iu");
}
