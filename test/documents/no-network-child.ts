// Loads and searches a course of every document format, as the tutor does, inside a process whose network
// calls are recorded (deny-network.mjs); then makes one connection on purpose, to show the recording works.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CourseRetriever } from "../../src/retrieval/langchain/course-retriever.js";
import { formatCitation } from "../../src/retrieval/passage.js";
import { documentCourseFiles, openDocumentCourse } from "./course-fixture.js";

const course = await openDocumentCourse(await documentCourseFiles());
const citations: string[] = [];
for (const question of ["What does a while loop do?", "What is a nested loop?", "range function", "arguments"]) {
  citations.push(...(await course.library.search("loops-course", question, 3)).map((hit) => formatCitation(hit.passage)));
}
const retrieved = await new CourseRetriever({ catalog: course.library, courseId: "loops-course" }).invoke("infinite loop");
await course.close();
// The control: a server that is listening, which the guard must keep the request from reaching.
let reached = 0;
const server = createServer((_request, response) => {
  reached++;
  response.end("ok");
});
await new Promise<void>((resolve) => server.listen(0, resolve));
const port = (server.address() as AddressInfo).port;
let control: string;
try {
  await fetch(`http://127.0.0.1:${port}/control`);
  control = "connected";
} catch {
  control = "refused";
}
server.close();
process.stdout.write(JSON.stringify({ citations, retrieved: retrieved.length, control, controlPort: port, reached }));
