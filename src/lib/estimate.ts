import { estimate, estimateItems } from "../engine/estimate.js";

/**
 * Workloads' estimates (docs/library.md): `llmcost estimate` and `check` call these, as a library
 * caller does. No file system here (src/lib/index.ts reads files for Node callers), and no zod:
 * a workload is made by `workload` (./workload.ts).
 */

export { estimate, estimateItems };
