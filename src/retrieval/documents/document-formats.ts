/** The teachers' file types the tutor converts, by extension. */
export const DOCUMENT_FORMATS = {
  pdf: "pdf",
  docx: "docx",
  pptx: "pptx",
  epub: "epub",
  html: "html",
  htm: "html",
  txt: "text",
} as const;

export type DocumentFormat = (typeof DOCUMENT_FORMATS)[keyof typeof DOCUMENT_FORMATS];

export function documentFormatOf(fileName: string): DocumentFormat | undefined {
  const extension = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension !== undefined && Object.hasOwn(DOCUMENT_FORMATS, extension)
    ? DOCUMENT_FORMATS[extension as keyof typeof DOCUMENT_FORMATS]
    : undefined;
}

/** `lessons/handout.pdf` → `lessons/handout.pdf.yaml`: the optional file beside a document that names its skills. */
export function sidecarPathOf(relativePath: string): string {
  return `${relativePath}.yaml`;
}
