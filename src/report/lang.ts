/** Languages of the labels of table, Markdown and HTML reports (JSON and CSV stay English: programs read them). */
export const LANGS = ["en", "zh-CN"] as const;
export type Lang = (typeof LANGS)[number];
