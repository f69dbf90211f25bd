import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseKey, CATALOGS, catalogLanguageFor, createMessages, messagesFor } from "../../src/tutor/i18n/messages.js";

const SRC = path.resolve(import.meta.dirname, "../../src");
const english = CATALOGS.en!;

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1]).sort();
const baseKeys = (catalog: Readonly<Record<string, string>>) => new Set(Object.keys(catalog).map(baseKey));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".ts")).map((entry) => path.join(entry.parentPath, entry.name));
}

describe("the message catalogs", () => {
  for (const [language, catalog] of Object.entries(CATALOGS).filter(([name]) => name !== "en")) {
    it(`${language} has every message of the English catalog, in each plural form its language uses`, () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const missing: string[] = [];
      for (const key of baseKeys(english)) {
        const plural = Object.keys(english).some((name) => name !== key && baseKey(name) === key);
        if (!plural) {
          if (!(key in catalog)) missing.push(key);
          continue;
        }
        for (const category of categories) if (!(`${key}_${category}` in catalog)) missing.push(`${key}_${category}`);
      }
      expect(missing).toEqual([]);
    });

    it(`${language} has no message English lacks, and each uses the same placeholders as English`, () => {
      const englishBases = baseKeys(english);
      expect(Object.keys(catalog).filter((key) => !englishBases.has(baseKey(key)))).toEqual([]);
      const mismatched = Object.entries(catalog).filter(([key, text]) => {
        const source = english[key] ?? english[`${baseKey(key)}_other`] ?? "";
        return placeholders(text).join() !== placeholders(source).join();
      });
      expect(mismatched.map(([key]) => key)).toEqual([]);
    });
  }

  it("every message the code asks for by name is in the English catalog", async () => {
    const known = baseKeys(english);
    const used = new Map<string, string>();
    for (const file of await sourceFiles(SRC)) {
      const text = await readFile(file, "utf8");
      // t("quiz.no-items") and t(cond ? "a.b" : "c.d"): every quoted dotted name in a t(…) call.
      for (const call of text.matchAll(/\bt\(([^()]*?)[,)]/g)) {
        for (const name of call[1]!.matchAll(/"([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)"/g)) used.set(name[1]!, path.relative(SRC, file));
      }
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter(([name]) => !known.has(name)).map(([name, file]) => `${name} (${file})`)).toEqual([]);
  });

  it("a message missing from a catalog falls back to English", () => {
    const partial = createMessages("zh-CN", { en: english, "zh-CN": { "button.hint": "提示" } });
    expect(partial.t("button.hint")).toBe("提示");
    expect(partial.t("button.give-up")).toBe("Give up");
  });
});

describe("messagesFor", () => {
  it("picks the catalog of the course's language, of its primary language, or English", () => {
    expect(catalogLanguageFor("zh-CN")).toBe("zh-CN");
    expect(catalogLanguageFor("zh")).toBe("zh-CN");
    expect(catalogLanguageFor("zh-Hans-CN")).toBe("zh-CN");
    expect(catalogLanguageFor("en-GB")).toBe("en");
    expect(catalogLanguageFor("de")).toBe("en");
    expect(catalogLanguageFor("not a tag")).toBe("en");
  });

  it("chooses plural forms by the language's rules", () => {
    const en = messagesFor("en");
    expect(en.t("privacy.forgotten", { count: 1 })).toContain("(1 record)");
    expect(en.t("privacy.forgotten", { count: 3 })).toContain("(3 records)");
    expect(messagesFor("zh-CN").t("privacy.forgotten", { count: 1 })).toContain("（1 条记录）");
  });

  it("formats numbers, percentages, lists and days with Intl in the course's language", () => {
    const en = messagesFor("en");
    const zh = messagesFor("zh-CN");
    const de = messagesFor("de");
    expect([en.number(12345.5), en.percent(0.456), en.list(["a", "b", "c"]), en.relativeDays(1), en.relativeDays(-3)]).toEqual([
      "12,345.5",
      "46%",
      "a, b, and c",
      "tomorrow",
      "3 days ago",
    ]);
    expect([zh.percent(0.456), zh.list(["甲", "乙", "丙"]), zh.relativeDays(1), zh.relativeDays(3)]).toEqual([
      "46%",
      "甲、乙和丙",
      "明天",
      "3天后",
    ]);
    // A language without a catalog still writes its numbers its own way, around English words.
    expect([de.number(12345.5), de.percent(0.5), de.catalogLanguage, de.t("button.hint")]).toEqual(["12.345,5", "50\u00a0%", "en", "Hint"]);
  });
});
