import { describe, expect, it } from "vitest";
import { money } from "../../src/report/format.js";
import type { Option } from "../../src/schema/report.js";
import { cli } from "../helpers/cli.js";

/**
 * A commitment counted in money (`counts: amount`, examples/billing/contract-overlay.yaml's
 * acme-annual-commit) is described in money, in the list's currency: "$1,825.00 of usage at list
 * price; minimum spend $120,000.00 a year; pays off above $10,000.00 of usage at list price per
 * month". It read "used 1,825 of list-price usage, overage 1,825; pays off above 10,000 of
 * list-price usage per month". The figures come from the JSON of the same run.
 */
const ARGS = ["estimate", "examples/billing/contract.yaml", "--catalog", "examples/billing/contract-overlay.yaml"];

/** The words of `text` in order, whatever line breaks the table's wrapping put between them. */
const loose = (text: string) =>
  new RegExp(
    text
      .split(" ")
      .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
      .join("\\s+"),
  );

describe("a commitment in money reads as money", () => {
  it.each([["USD"], ["EUR"]])("report currency %s: amounts in the contract's list currency", async (currency) => {
    const j = JSON.parse((await cli([...ARGS, "--currency", currency, "--format", "json"])).stdout);
    const commit = (j.items[0].options as Option[]).find((o) => o.subscription?.unit === "amount");
    if (!commit?.subscription || !commit.break_even) throw new Error("no amount commitment in the example");
    const s = commit.subscription;
    const m = (n: number) => money(n, commit.list_currency);
    const minimum = s.minimum_spend as number;
    const table = (await cli([...ARGS, "--currency", currency])).stdout;
    expect(table).toMatch(
      loose(
        `${m(s.used)} of usage at list price; minimum spend ${m(minimum)} a ${s.term}; pays off above ${m(commit.break_even.quantity)} of usage at list price per ${j.period}`,
      ),
    );
    const md = (await cli([...ARGS, "--currency", currency, "--format", "markdown"])).stdout;
    expect(md).toContain(`pays off above ${m(commit.break_even.quantity)} of usage at list price per ${j.period}`);
    for (const text of [table, md]) expect(text).not.toContain("list-price usage");
  });
});
