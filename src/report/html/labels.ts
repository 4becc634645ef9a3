/** The message catalogue lives in src/report/labels.ts (one place for table and HTML words). */
export { type Labels, labels } from "../labels.js";
