// The compiled catalog, bundled as data into `llmcost/core` by scripts/build.mjs.
declare module "llmcost:embedded-catalog" {
  const catalog: unknown;
  export default catalog;
}
