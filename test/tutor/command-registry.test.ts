import { readFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSlashCommands, toCommandText } from "../../src/adapters/discord/slash-commands.js";
import { convertSlashCommandText, SLACK_USAGE_HINT } from "../../src/adapters/slack/slash-command-text.js";
import { runTerminalChat } from "../../src/adapters/terminal/terminal-chat.js";
import { COMMANDS, commandsShownIn, compileAlias, type CommandSpec } from "../../src/tutor/commands.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { readNumber } from "../../src/tutor/grading.js";
import { routeText } from "../../src/tutor/router.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { collect, messagesOf, turnOf } from "./turns.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const names = (specs: readonly CommandSpec[]) => specs.map((spec) => spec.name).sort();
/** A value for each option, so a command's text carries an argument where it takes one. */
const SAMPLE: Record<string, string> = {
  question: "what is a loop?",
  skill: "loops",
  text: "B",
  course: "python-basics",
  action: "list",
  path: "lessons/x.md",
  student: "discord:user:1",
  percent: "50",
  reason: "shown in class",
};
const sampleText = (spec: CommandSpec) =>
  toCommandText(spec.name, Object.fromEntries(spec.options.map((option) => [option.name, SAMPLE[option.name]])));
const kindOf = (spec: CommandSpec, text: string) => spec.intent(text.slice(spec.name.length + 1).trim(), "slash").kind;

/** The `/command`s and plain-word examples ("…") of the README table under `heading`, up to the next heading. */
function readmeTable(readme: string, heading: string): Array<{ command: string; plainWords: string[] }> {
  const rest = readme.slice(readme.indexOf(heading) + heading.length);
  const next = rest.search(/^#/m);
  const section = next < 0 ? rest : rest.slice(0, next);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `/"))
    .map((line) => {
      const [, first = "", second = ""] = line.split("|");
      return { command: /`\/([a-z-]+)/.exec(first)![1]!, plainWords: [...second.matchAll(/"([^"]+)"/g)].map((match) => match[1]!) };
    });
}

describe("the command registry agrees with every place commands appear", () => {
  it("Discord registers exactly the registry's Discord commands, with their options; class-only commands are not offered in DMs", () => {
    const registered = buildSlashCommands();
    expect(registered.map((command) => command.name).sort()).toEqual(names(commandsShownIn("discord")));
    for (const command of registered) {
      const spec = COMMANDS.find((candidate) => candidate.name === command.name)!;
      expect(command.description).toBe(messagesFor("en").t(spec.description));
      expect(command.description_localizations?.["zh-CN"]).toBe(messagesFor("zh-CN").t(spec.description));
      expect((command.options ?? []).map((option) => option.name)).toEqual(spec.options.map((option) => option.name));
      expect(command.contexts, command.name).toEqual(spec.inDirectMessages ? [0, 1] : [0]);
    }
  });

  it("Slack's /tutor knows exactly the registry's Slack commands, private where the registry says, and its usage hint lists them", async () => {
    for (const spec of commandsShownIn("slack")) {
      expect(convertSlashCommandText(`${spec.name} x`), spec.name).toEqual({ text: `/${spec.name} x`, private: spec.private });
    }
    const notCommands = COMMANDS.filter((spec) => !spec.shownIn.includes("slack"));
    for (const spec of notCommands) expect(convertSlashCommandText(spec.name).text).toBe(`/ask ${spec.name}`);
    const manifest = parse(await readFile(path.join(REPO, "slack-app-manifest.yaml"), "utf8")) as {
      features: { slash_commands: Array<{ usage_hint: string }> };
    };
    expect(manifest.features.slash_commands[0]!.usage_hint).toBe(SLACK_USAGE_HINT);
    for (const spec of commandsShownIn("slack")) expect(SLACK_USAGE_HINT).toContain(spec.usage.slice(1));
  });

  it("the router reads every command, its other names and its plain words as the registry's intent", () => {
    for (const spec of COMMANDS) {
      const text = sampleText(spec);
      expect(routeText(text).kind, text).toBe(kindOf(spec, text));
      for (const other of spec.altNames ?? []) expect(routeText(`/${other}`).kind).toBe(spec.intent("", "slash").kind);
      for (const template of Object.values(spec.aliases).flat()) expect(() => compileAlias(template)).not.toThrow();
    }
  });

  it("the README's command tables list exactly the registry's commands, and their plain words route to them", async () => {
    const readme = await readFile(path.join(REPO, "README.md"), "utf8");
    const students = readmeTable(readme, "## What students can do");
    const teachers = readmeTable(readme, "### What teachers can do");
    const shown = commandsShownIn("readme");
    expect(students.map((row) => row.command).sort()).toEqual(names(shown.filter((spec) => !spec.teacherOnly)));
    expect(teachers.map((row) => row.command).sort()).toEqual(names(shown.filter((spec) => spec.teacherOnly)));
    for (const row of [...students, ...teachers]) {
      const spec = COMMANDS.find((candidate) => candidate.name === row.command)!;
      for (const words of row.plainWords) {
        // A bare answer is an answer only while a question waits for one.
        const pending =
          spec.name === "answer"
            ? { type: readNumber(words) === undefined ? ("multiple_choice" as const) : ("numeric" as const) }
            : undefined;
        expect(routeText(words, pending).kind, `“${words}” for /${row.command}`).toBe(spec.intent(words, "plain").kind);
      }
    }
  });

  describe("with the real tutor", () => {
    let fixture: TutorFixture;
    beforeAll(async () => {
      fixture = await createTutorFixture({ teachers: { "python-basics": ["terminal", "test:user:teacher"] } });
    });
    afterAll(async () => {
      await fixture.close();
    });

    it("/help lists every student command; a teacher of the course also sees the teacher commands; nothing else", async () => {
      const helpFor = async (student: string) => messagesOf(await collect(fixture.handler, turnOf(student, "/help")))[0]!.text;
      const forStudent = await helpFor("ana");
      const forTeacher = await helpFor("teacher");
      const shown = commandsShownIn("help");
      for (const spec of shown) {
        expect(forTeacher).toContain(`\`${spec.usage}\``);
        expect(forStudent.includes(`\`${spec.usage}\``), spec.name).toBe(!spec.teacherOnly);
      }
      const mentioned = [...forTeacher.matchAll(/`\/([a-z-]+)/g)].map((match) => match[1]!);
      expect(new Set(mentioned)).toEqual(new Set(shown.map((spec) => spec.name)));
    });

    it("in the terminal every command reaches its flow (none is taken for a question), the operator's teacher commands included", async () => {
      const specs = commandsShownIn("terminal").filter((spec) => spec.name !== "ask");
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = "";
      output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
      input.end(specs.map((spec) => `${sampleText(spec)}\n`).join(""));
      const seen: string[] = [];
      await runTerminalChat(
        {
          languageFor: (scopes) => fixture.handler.languageFor(scopes),
          async *handle(turn) {
            seen.push(turn.text);
            for await (const event of fixture.handler.handle(turn)) {
              if (event.type === "message" || event.type === "notice")
                expect(event.text, turn.text).not.toMatch(
                  /Here is what the course says|could not find anything about that|That command is for teachers/,
                );
              yield event;
            }
          },
        },
        { input, output, downloadsDir: path.join(fixture.dataDir, "downloads") },
      );
      expect(seen).toEqual(specs.map(sampleText));
      expect(printed).toContain("Files of python-basics:");
    });
  });
});
