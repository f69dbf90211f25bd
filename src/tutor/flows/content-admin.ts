import { pseudonym } from "../../logger.js";
import type { CheckResult, ContentAdmin, ContentFileInfo, RemoveResult, UploadResult } from "../../retrieval/content-admin.js";
import { formatProblem, type ContentProblem } from "../../retrieval/content/content-problem.js";
import { formatFindabilityReport } from "../../retrieval/findability.js";
import { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";
import { isTeacher, refuseNonTeacher } from "./teacher-only.js";

/** `/content list|upload|remove|check`: teachers manage course files from chat. Replies are the teacher's alone. */
export async function* manageContent(placeContext: FlowContext, action: "list" | "upload" | "remove" | "check", argument: string): AsyncIterable<ReplyEvent> {
  const taught = taughtCourse(placeContext);
  if (taught.kind === "refuse") return yield* refuseNonTeacher(placeContext);
  if (taught.kind === "ambiguous") return yield reply(`You teach several courses (${taught.courseIds.join(", ")}): use \`/content\` in the server, workspace or channel of the course you mean.`);
  const context = taught.context;
  const admin = context.services.catalog.content;
  if (!admin) return yield reply("Managing content from chat is not available with this course catalog.");
  const { courseId } = context;
  switch (action) {
    case "list":
      return yield reply(describeFiles(courseId, await admin.listFiles(courseId)));
    case "upload":
      return yield* uploadAttachments(admin, context);
    case "remove":
      if (!argument.trim()) return yield reply("Say which file to remove, e.g. `/content remove lessons/12-recursion.md` (`/content list` shows the files).");
      return yield reply(describeRemoval(await admin.remove(courseId, argument)));
    case "check": {
      const result = await admin.check(courseId);
      return yield reply(result ? describeCheck(courseId, result) : `The course ${courseId} is not loaded.`);
    }
  }
}

/**
 * The course `/content` acts on: the course of this place when the person teaches it; in a place that belongs
 * to no class (a Discord DM), the one course they teach.
 */
function taughtCourse(context: FlowContext): { kind: "course"; context: FlowContext } | { kind: "ambiguous"; courseIds: string[] } | { kind: "refuse" } {
  if (isTeacher(context)) return { kind: "course", context };
  if (context.turn.classScopes.length > 0) return { kind: "refuse" };
  const { teachers, catalog } = context.services;
  const courses = teachers.coursesOf(context.turn.student).flatMap((courseId) => catalog.course(courseId) ?? []);
  if (courses.length > 1) return { kind: "ambiguous", courseIds: courses.map((course) => course.manifest.id) };
  return courses[0] ? { kind: "course", context: new FlowContext(context.services, context.turn, courses[0]) } : { kind: "refuse" };
}

async function* uploadAttachments(admin: ContentAdmin, context: FlowContext): AsyncIterable<ReplyEvent> {
  const { attachments } = context.turn;
  if (attachments.length === 0) {
    return yield reply("Attach the files to `/content upload`: lessons and teacher notes as Markdown (.md), quizzes as YAML (.yaml). See content/README.md for the format.");
  }
  for (const attachment of attachments) {
    const result = await admin.upload(context.courseId, attachment.name, attachment.data);
    context.services.log.info(`content: upload of ${attachment.name} to ${context.courseId} by ${pseudonym(context.studentId)}: ${result.ok ? `saved as ${result.relativePath}` : "refused"}`);
    yield reply(describeUpload(attachment.name, result));
  }
}

function reply(text: string): ReplyEvent {
  return { type: "message", text, sources: [], actions: [], audience: "student" };
}

function describeUpload(name: string, result: UploadResult): string {
  if (!result.ok) return [`Not saved: ${result.reason}`, ...problemLines(result.problems)].join("\n");
  const lines = [
    `Saved ${name} as ${result.relativePath}${result.replaced ? " (replacing the previous version, which is kept)" : ""}.`,
    `Skills: ${result.skills.join(", ") || "none"}. ${result.kind === "quiz" ? `Quiz items: ${result.items}.` : `Passages indexed: +${result.passagesAdded}${result.passagesRemoved ? `/-${result.passagesRemoved}` : ""}.`}`,
  ];
  if (result.kind !== "quiz" && result.items > 0) lines.push(`Practice items from its exercises: ${result.items}.`);
  if (result.warnings.length > 0) lines.push("Warnings:", ...problemLines(result.warnings));
  if (result.findability) lines.push(...formatFindabilityReport(result.findability));
  return lines.join("\n");
}

function describeRemoval(result: RemoveResult): string {
  if (!result.ok) return `Nothing removed: ${result.reason}`;
  const lines = [`Removed ${result.relativePath}: ${result.passagesRemoved} passage(s) and ${result.itemsRemoved} quiz item(s) are gone. The previous version is kept on the server.`];
  if (result.warnings.length > 0) lines.push("Warnings:", ...problemLines(result.warnings));
  return lines.join("\n");
}

function describeFiles(courseId: string, files: ContentFileInfo[]): string {
  if (files.length === 0) return `The course ${courseId} has no files I can read.`;
  const lines = files.map((file) => {
    const size = file.kind === "quiz" ? `${file.items} item(s)` : file.kind === "lesson" ? `${file.passages} passage(s)` : file.kind;
    const state = file.problems.length === 0 ? "" : file.serving ? ` — broken on disk, the last good version is serving (${file.problems.length} problem(s))` : ` — broken, not in use (${file.problems.length} problem(s))`;
    return `- ${file.relativePath}: ${size}${state}`;
  });
  return [`Files of ${courseId}:`, ...lines, "Upload with `/content upload` and attached files; remove with `/content remove <path>`; validate with `/content check`."].join("\n");
}

function describeCheck(courseId: string, result: CheckResult): string {
  const { coverage } = result;
  const lines = [result.problems.length === 0 ? `${courseId}: every file validates.` : `${courseId}: ${result.problems.length} problem(s):`, ...problemLines(result.problems)];
  if (result.warnings.length > 0) lines.push(`Warnings (${result.warnings.length}):`, ...problemLines(result.warnings));
  if (coverage.unreachableSkills.length > 0) lines.push(`Unreachable skills (prerequisites that can never be met): ${coverage.unreachableSkills.join(", ")}`);
  lines.push(...formatFindabilityReport(result.findability));
  return lines.join("\n");
}

function problemLines(problems: ContentProblem[]): string[] {
  return problems.map((problem) => `- ${formatProblem(problem)}`);
}
