import { describe, expect, it } from "vitest";
import { loadCatalogDir } from "../../src/load/catalog.js";

/** Every price in the embedded catalog has a date (`from`) and a source, its own or its provider's. */
describe("embedded catalog provenance", () => {
  const { catalog } = loadCatalogDir("pricing-data");
  const url = /https?:\/\/|github\.com|[a-z0-9-]+\/[a-z0-9._-]+ /i;

  it("every API and GPU price entry has a date and a source", () => {
    const missing: string[] = [];
    let entries = 0;
    for (const p of catalog.providers) {
      const provSource = p.provider.source.trim();
      for (const m of p.models ?? [])
        m.prices.forEach((e, i) => {
          entries++;
          if (!/^\d{4}-\d{2}-\d{2}$/.test(e.from)) missing.push(`${p.provider.id} ${m.id} prices[${i}]: no date`);
          if (!(e.source ?? provSource).trim()) missing.push(`${p.provider.id} ${m.id} prices[${i}]: no source`);
        });
      for (const g of p.gpus ?? [])
        g.prices.forEach((e, i) => {
          entries++;
          if (!/^\d{4}-\d{2}-\d{2}$/.test(e.from)) missing.push(`${p.provider.id} ${g.gpu} prices[${i}]: no date`);
          if (!(e.source ?? provSource).trim()) missing.push(`${p.provider.id} ${g.gpu} prices[${i}]: no source`);
        });
      (p.storage ?? []).forEach((e, i) => {
        entries++;
        if (!(e.source ?? provSource).trim()) missing.push(`${p.provider.id} storage[${i}]: no source`);
      });
    }
    expect(entries).toBeGreaterThan(600);
    expect(missing).toEqual([]);
  });

  it("every provider's fallback source names a place to check (a URL or a repository)", () => {
    const vague = catalog.providers.filter((p) => !url.test(`${p.provider.source} `)).map((p) => p.provider.id);
    expect(vague).toEqual([]);
  });

  it("every accelerator, architecture and exchange rate has a source", () => {
    expect(catalog.accelerators.filter((a) => !a.source.trim()).map((a) => a.id)).toEqual([]);
    expect(catalog.models.filter((m) => !m.source.trim()).map((m) => m.id)).toEqual([]);
    expect(catalog.rates.length).toBeGreaterThan(40);
  });
});
