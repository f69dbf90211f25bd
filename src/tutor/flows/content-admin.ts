import { pseudonym } from "../../logger.js";
import type { CheckResult, ContentAdmin, ContentFileInfo, RemoveResult, UploadResult } from "../../retrieval/content-admin.js";
import { formatProblem, type ContentProblem } from "../../retrieval/content/content-problem.js";
import { formatFindabilityReport } from "../../retrieval/findability.js";
import { FlowContext } from "../flow-context.js";
import type { Messages } from "../i18n/messages.js";
import type { ReplyEvent } from "../turn.js";
import { isTeacher, refuseNonTeacher } from "./teacher-only.js";

/** `/content list|upload|remove|check`: teachers manage course files from chat. Replies are the teacher's alone. */
export async function* manageContent(
  placeContext: FlowContext,
  action: "list" | "upload" | "remove" | "check",
  argument: string,
): AsyncIterable<ReplyEvent> {
  const taught = taughtCourse(placeContext);
  if (taught.kind === "refuse") return yield* refuseNonTeacher(placeContext);
  if (taught.kind === "ambiguous")
    return yield reply(placeContext.messages.t("content.several-courses", { courses: placeContext.messages.list(taught.courseIds) }));
  const context = taught.context;
  const admin = context.services.catalog.content;
  const { messages } = context;
  if (!admin) return yield reply(messages.t("content.unavailable"));
  const { courseId } = context;
  switch (action) {
    case "list":
      return yield reply(describeFiles(courseId, await admin.listFiles(courseId), messages));
    case "upload":
      return yield* uploadAttachments(admin, context);
    case "remove":
      if (!argument.trim()) return yield reply(messages.t("content.remove-which"));
      return yield reply(describeRemoval(await admin.remove(courseId, argument), messages));
    case "check": {
      const result = await admin.check(courseId);
      return yield reply(result ? describeCheck(courseId, result, messages) : messages.t("content.not-loaded", { course: courseId }));
    }
  }
}

/**
 * The course `/content` acts on: the course of this place when the person teaches it; in a place that belongs
 * to no class (a Discord DM), the one course they teach.
 */
function taughtCourse(
  context: FlowContext,
): { kind: "course"; context: FlowContext } | { kind: "ambiguous"; courseIds: string[] } | { kind: "refuse" } {
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
    return yield reply(context.messages.t("content.attach-files"));
  }
  for (const attachment of attachments) {
    const result = await admin.upload(context.courseId, attachment.name, attachment.data);
    context.services.log.info(
      `content: upload of ${attachment.name} to ${context.courseId} by ${pseudonym(context.studentId)}: ${result.ok ? `saved as ${result.relativePath}` : "refused"}`,
    );
    yield reply(describeUpload(attachment.name, result, context.messages));
  }
}

function reply(text: string): ReplyEvent {
  return { type: "message", text, sources: [], actions: [], audience: "student" };
}

function describeUpload(name: string, result: UploadResult, messages: Messages): string {
  const { t } = messages;
  if (!result.ok) return [t("content.not-saved", { reason: result.reason }), ...problemLines(result.problems)].join("\n");
  const saved = { name, path: result.relativePath };
  const passages = `+${result.passagesAdded}${result.passagesRemoved ? `/-${result.passagesRemoved}` : ""}`;
  const lines = [
    t(result.replaced ? "content.saved-replacing" : "content.saved", saved),
    `${t("content.skills", { skills: result.skills.join(", ") || t("content.no-skills") })} ${result.kind === "quiz" ? t("content.quiz-items", { count: result.items }) : t("content.passages-indexed", { passages })}`,
  ];
  if (result.kind !== "quiz" && result.items > 0) lines.push(t("content.practice-items", { count: result.items }));
  if (result.warnings.length > 0) lines.push(t("content.warnings"), ...problemLines(result.warnings));
  if (result.findability) lines.push(...formatFindabilityReport(result.findability));
  return lines.join("\n");
}

function describeRemoval(result: RemoveResult, messages: Messages): string {
  const { t } = messages;
  if (!result.ok) return t("content.nothing-removed", { reason: result.reason });
  const lines = [t("content.removed", { path: result.relativePath, passages: result.passagesRemoved, items: result.itemsRemoved })];
  if (result.warnings.length > 0) lines.push(t("content.warnings"), ...problemLines(result.warnings));
  return lines.join("\n");
}

function describeFiles(courseId: string, files: ContentFileInfo[], messages: Messages): string {
  const { t } = messages;
  if (files.length === 0) return t("content.no-files", { course: courseId });
  const lines = files.map((file) => {
    const size =
      file.kind === "quiz"
        ? t("content.file-items", { count: file.items })
        : file.kind === "lesson"
          ? t("content.file-passages", { count: file.passages })
          : file.kind;
    const problems = file.problems.length;
    const state = problems === 0 ? "" : ` — ${t(file.serving ? "content.broken-serving" : "content.broken-unused", { count: problems })}`;
    return `- ${file.relativePath}: ${size}${state}`;
  });
  return [t("content.files-of", { course: courseId }), ...lines, t("content.files-help")].join("\n");
}

function describeCheck(courseId: string, result: CheckResult, messages: Messages): string {
  const { t } = messages;
  const { coverage } = result;
  const lines = [
    result.problems.length === 0
      ? t("content.all-valid", { course: courseId })
      : t("content.problems", { course: courseId, count: result.problems.length }),
    ...problemLines(result.problems),
  ];
  if (result.warnings.length > 0)
    lines.push(t("content.warnings-count", { count: result.warnings.length }), ...problemLines(result.warnings));
  if (coverage.unreachableSkills.length > 0) lines.push(t("content.unreachable", { skills: coverage.unreachableSkills.join(", ") }));
  lines.push(...formatFindabilityReport(result.findability));
  return lines.join("\n");
}

function problemLines(problems: ContentProblem[]): string[] {
  return problems.map((problem) => `- ${formatProblem(problem)}`);
}
