import type { BudgetSpec } from "./budget.js";

/**
 * The engine's shared types: what every part of the engine takes (EstimateOptions) and gives back
 * besides numbers (Problem). They live here, not in estimate.ts, so that the rule modules,
 * self-hosting and training can use them without importing the entry point (no import cycle).
 */

/** A billing model (docs/billing.md): how an option is paid for. */
export type Billing = "pay_as_you_go" | "pack" | "subscription" | "provisioned" | "committed";
export const BILLINGS: readonly Billing[] = ["pay_as_you_go", "pack", "subscription", "provisioned", "committed"];

export interface EstimateOptions {
  asOf: string;
  currency: string;
  /** Extra provider filter for every item (CLI `--provider`). */
  providers?: string[] | undefined;
  explain?: boolean | undefined;
  budget?: BudgetSpec | undefined;
  /** Only options of these billing models (CLI `--billing`, repeatable); default: every one. */
  billing?: readonly Billing[] | undefined;
}

export type ProblemKind =
  | "unknown_model"
  | "unknown_provider"
  | "before_first_price"
  | "unknown_currency"
  | "unknown_gpu"
  | "invalid"
  /** A saved estimate asked to be repriced at another date (`diff`, `check --baseline`). */
  | "saved_as_of"
  /** A saved estimate compared in another currency than its own. */
  | "saved_currency";

/** An input the engine cannot price, with the field path for the caller to turn into a file position. */
export interface Problem {
  kind: ProblemKind;
  path: Array<string | number>;
  message: string;
  expected?: string | undefined;
  found?: string | undefined;
  hint?: string | undefined;
}

export type Path = Array<string | number>;
