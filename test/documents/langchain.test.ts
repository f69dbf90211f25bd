import { RunnableLambda, RunnableSequence } from "@langchain/core/runnables";
import type { Document } from "@langchain/core/documents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import { CourseRetriever } from "../../src/retrieval/langchain/course-retriever.js";
import { TutorEmbeddings } from "../../src/retrieval/langchain/tutor-embeddings.js";
import { documentCourseFiles, openDocumentCourse, type DocumentCourse } from "./course-fixture.js";

let course: DocumentCourse;
beforeAll(async () => {
  course = await openDocumentCourse(await documentCourseFiles());
}, 120_000);
afterAll(() => course.close());

describe("the course index from LangChain", () => {
  it("pipes the retriever into a RunnableSequence that builds a cited context", async () => {
    const retriever = new CourseRetriever({ catalog: course.library, courseId: "loops-course", k: 2 });
    const chain = RunnableSequence.from([
      retriever,
      RunnableLambda.from((documents: Document[]) =>
        documents.map((document) => `[${document.metadata.citation}] ${document.pageContent}`).join("\n"),
      ),
    ]);
    const context = await chain.invoke("What does a while loop do?");
    expect(context.split("\n")[0]).toBe("[handout.pdf, p. 3] A while loop repeats a block while its condition stays true.");
    const [first] = await retriever.invoke("What are arguments passed to a function?");
    expect(first!.metadata).toMatchObject({ file: "lessons/week2.pptx", locator: "slide 2", headingPath: ["Arguments"] });
    const everything = await new CourseRetriever({ catalog: course.library, courseId: "loops-course", k: 50 }).invoke(
      "bananas exercise four answer",
    );
    expect(everything.some((document) => document.pageContent.includes("bananas"))).toBe(false);
  });

  it("embeds with the tutor's embedder: the same vectors, and a query lands nearest its passage", async () => {
    const embedder = new HashingEmbedder();
    const embeddings = new TutorEmbeddings(embedder);
    const texts = ["A while loop repeats while its condition holds.", "A function is defined with def."];
    const vectors = await embeddings.embedDocuments(texts);
    expect(vectors).toEqual(await embedder.embed(texts));
    const nearest = RunnableSequence.from([
      RunnableLambda.from((question: string) => embeddings.embedQuery(question)),
      RunnableLambda.from((query: number[]) => vectors.map((vector) => vector.reduce((sum, value, i) => sum + value * query[i]!, 0))),
      RunnableLambda.from((scores: number[]) => texts[scores.indexOf(Math.max(...scores))]),
    ]);
    expect(await nearest.invoke("how does a while loop work")).toBe(texts[0]);
    expect(await nearest.invoke("how do I define a function")).toBe(texts[1]);
  });
});
