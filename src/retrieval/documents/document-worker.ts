import { parentPort } from "node:worker_threads";
import { convertDocument } from "./convert-document.js";
import { DocumentError } from "./converted-document.js";
import type { ParseRequest, ParseResponse } from "./parse-in-worker.js";

parentPort!.on("message", async (request: ParseRequest) => {
  let response: ParseResponse;
  try {
    response = { id: request.id, ok: true, document: await convertDocument(request.format, request.bytes, request.maxParts) };
  } catch (error) {
    response =
      error instanceof DocumentError
        ? { id: request.id, ok: false, message: error.message, fix: error.fix }
        : {
            id: request.id,
            ok: false,
            message: `the file could not be read (${String((error as Error)?.message ?? error).split("\n")[0]})`,
            fix: "open it in its program, save it again, and check that it opens there",
          };
  }
  parentPort!.postMessage(response);
});
