import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadFile, refuseOversized } from "../../src/adapters/download-file.js";
import { collectUploads } from "../../src/adapters/teacher-uploads.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";

const en = messagesFor("en");

describe("downloading a teacher's attachment", () => {
  let server: http.Server;
  let base: string;
  const served: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      served.push(request.url ?? "");
      if (request.url === "/lesson.md") return void response.end("# Lesson\n");
      if (request.url === "/endless") {
        // Declares nothing and streams more than any limit.
        response.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 65);
        const timer = setInterval(() => response.write(chunk), 1);
        response.on("close", () => clearInterval(timer));
        return;
      }
      if (request.url === "/silent") return; // never answers
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const limits = { maxBytes: 100_000, timeoutMs: 2000 };

  it("returns the bytes of a file within the limit", async () => {
    const result = await downloadFile(`${base}/lesson.md`, "lesson.md", limits, en);
    expect(result.ok && Buffer.from(result.data).toString("utf8")).toBe("# Lesson\n");
  });

  it("stops reading a body that grows past the limit, whatever size was declared", async () => {
    expect(await downloadFile(`${base}/endless`, "big.md", limits, en)).toEqual({
      ok: false,
      reason: "big.md is larger than 100 kB, the limit for course files.",
    });
  });

  it("gives up on a server that does not answer, and names an HTTP error", async () => {
    expect(await downloadFile(`${base}/silent`, "slow.md", { ...limits, timeoutMs: 100 }, en)).toEqual({
      ok: false,
      reason: "downloading slow.md took longer than 1 s; try again.",
    });
    expect(await downloadFile(`${base}/missing`, "gone.md", limits, en)).toEqual({
      ok: false,
      reason: "could not download gone.md (HTTP 404); try sending it again.",
    });
  });

  it("refuses a file from its declared size without fetching it", async () => {
    expect(refuseOversized("a.md", 1_000_000, 1_000_000, en)).toBeUndefined();
    const before = served.length;
    const collected = await collectUploads(
      [
        { name: "huge.md", size: 1_000_001, url: `${base}/lesson.md` },
        { name: "lesson.md", size: 9, url: `${base}/lesson.md` },
      ],
      en,
    );
    expect(collected.refusals).toEqual([
      "Not saved: huge.md is 1001 kB; course files may be at most 1000 kB. Split it into smaller lessons.",
    ]);
    expect(collected.attachments.map((file) => file.name)).toEqual(["lesson.md"]);
    expect(served.length - before).toBe(1);
  });

  it("tells a teacher of a Chinese course why, in Chinese", async () => {
    const zh = messagesFor("zh-CN");
    expect(await downloadFile(`${base}/missing`, "gone.md", limits, zh)).toEqual({
      ok: false,
      reason: "无法下载 gone.md（HTTP 404）；请再发送一次。",
    });
    const collected = await collectUploads([{ name: "huge.md", size: 1_000_001, url: `${base}/lesson.md` }], zh);
    expect(collected.refusals).toEqual(["未保存：huge.md 有 1001 kB；课程文件最多 1000 kB。请把它拆成几篇较小的课程。"]);
  });
});
