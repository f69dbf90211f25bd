import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import { Document } from "@langchain/core/documents";
import type { CourseCatalog } from "../course-library.js";
import { formatCitation } from "../passage.js";

export interface CourseRetrieverInput extends BaseRetrieverInput {
  catalog: Pick<CourseCatalog, "search">;
  courseId: string;
  /** Passages returned per query. */
  k?: number;
}

/**
 * The tutor's hybrid course search (BM25 and vectors, fused) as a LangChain retriever, so LangChain chains can
 * read a course. Students' lessons only: teacher-only material is never in the index it searches.
 */
export class CourseRetriever extends BaseRetriever {
  lc_namespace = ["self_hosted_tutor", "retrievers"];
  private readonly catalog: Pick<CourseCatalog, "search">;
  private readonly courseId: string;
  private readonly k: number;

  constructor(input: CourseRetrieverInput) {
    super(input);
    this.catalog = input.catalog;
    this.courseId = input.courseId;
    this.k = input.k ?? 4;
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const hits = await this.catalog.search(this.courseId, query, this.k);
    return hits.map(
      ({ passage, score }) =>
        new Document({
          pageContent: passage.text,
          id: passage.id,
          metadata: {
            citation: formatCitation(passage),
            file: passage.file,
            locator: passage.locator,
            headingPath: passage.headingPath,
            skills: passage.skills,
            score,
          },
        }),
    );
  }
}
