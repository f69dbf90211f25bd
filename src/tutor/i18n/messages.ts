import i18next, { type i18n, type Resource } from "i18next";
import en from "./catalogs/en.json" with { type: "json" };
import zhCN from "./catalogs/zh-CN.json" with { type: "json" };

/** The languages the tutor has a catalog for; English is complete by definition and every other falls back to it. */
export const CATALOGS: Readonly<Record<string, Readonly<Record<string, string>>>> = { en, "zh-CN": zhCN };
export const FALLBACK_LANGUAGE = "en";

const PLURAL_SUFFIX = /_(?:zero|one|two|few|many|other)$/;
type PluralCategory = "zero" | "one" | "two" | "few" | "many" | "other";
type CatalogKey = keyof typeof en;
/** A message's name as code uses it: plural forms (`x_one`, `x_other`) share one name, chosen by `count`. */
export type MessageKey = CatalogKey extends infer K ? (K extends `${infer Base}_${PluralCategory}` ? Base : K) : never;

/** The name a catalog entry is looked up by, without its plural suffix. */
export function baseKey(catalogKey: string): string {
  return catalogKey.replace(PLURAL_SUFFIX, "");
}

/**
 * Everything the tutor writes in one language: the messages of its catalog (through i18next, which picks
 * plural forms by the language's rules) and numbers, percentages, lists and relative days through `Intl`.
 */
export interface Messages {
  /** The course's BCP 47 tag, as given; formatting follows it. */
  readonly language: string;
  /** The catalog the messages come from (`zh-CN` for `zh`, `en` when there is none). */
  readonly catalogLanguage: string;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  number(value: number): string;
  /** 0..1 as a whole percentage: "45%". */
  percent(share: number): string;
  /** "A, B and C" / "A、B和C". */
  list(items: readonly string[]): string;
  /** Whole days from now, in words: "today", "in 3 days", "2 days ago". */
  relativeDays(days: number): string;
  /** A moment as date and time in the UTC zone (the tutor's clock is the server's). */
  dateTime(ms: number): string;
}

/** The catalog for a BCP 47 tag: an exact match, else one of the same language (`zh-TW` → `zh-CN`), else English. */
export function catalogLanguageFor(tag: string, catalogs: Readonly<Record<string, unknown>> = CATALOGS): string {
  const canonical = canonicalTag(tag);
  const names = Object.keys(catalogs);
  const exact = names.find((name) => name.toLowerCase() === canonical.toLowerCase());
  if (exact) return exact;
  const primary = canonical.split("-")[0]!.toLowerCase();
  return names.find((name) => name.split("-")[0]!.toLowerCase() === primary) ?? FALLBACK_LANGUAGE;
}

function canonicalTag(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag.trim() || FALLBACK_LANGUAGE)[0] ?? FALLBACK_LANGUAGE;
  } catch {
    return FALLBACK_LANGUAGE;
  }
}

/** Builds the messages for a language from the given catalogs (tests pass partial ones to see the fallback). */
export function createMessages(
  language: string,
  catalogs: Readonly<Record<string, Readonly<Record<string, string>>>> = CATALOGS,
): Messages {
  const tag = canonicalTag(language);
  const catalogLanguage = catalogLanguageFor(tag, catalogs);
  const resources: Resource = Object.fromEntries(Object.entries(catalogs).map(([name, catalog]) => [name, { translation: catalog }]));
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    lng: catalogLanguage,
    fallbackLng: FALLBACK_LANGUAGE,
    // Keys are flat ("quiz.no-items"): the dots are part of the name, not a path.
    keySeparator: false,
    nsSeparator: false,
    // Replies are Markdown, not HTML: values go in as they are.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  const numbers = new Intl.NumberFormat(tag);
  const percents = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 });
  const lists = new Intl.ListFormat(tag, { style: "long", type: "conjunction" });
  const days = new Intl.RelativeTimeFormat(tag, { numeric: "auto" });
  const dates = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return {
    language: tag,
    catalogLanguage,
    // The instance serves this one language, so its own t() is enough: getFixedT's wrapper copies every i18next option
    // at each call, which made a message cost four times its lookup.
    t: (key, values) => instance.t(key, values ?? {}) as string,
    number: (value) => numbers.format(value),
    percent: (share) => percents.format(share),
    list: (items) => lists.format(items),
    relativeDays: (count) => days.format(count, "day"),
    dateTime: (ms) => dates.format(ms),
  };
}

const cache = new Map<string, Messages>();

/** The messages for a course's `language`, built once per tag. */
export function messagesFor(language: string): Messages {
  let messages = cache.get(language);
  if (!messages) {
    messages = createMessages(language);
    cache.set(language, messages);
  }
  return messages;
}
