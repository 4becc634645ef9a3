import * as z from "zod";
import { IsoDate } from "./primitives.js";
import { QualityClass } from "./quality-class.js";

/**
 * Model quality classes (docs/quality.md): dated, sourced leaderboard snapshots in
 * `pricing-data/quality.yaml`, and a banding rule whose thresholds are data. `optimize` proposes a
 * cheaper model only within the same quality class or a better one; the class comes from here,
 * never from guesswork, and users override it with a catalog overlay.
 */

export { QUALITY_CLASSES, QualityClass } from "./quality-class.js";

const Source = z
  .string()
  .min(1)
  .meta({ description: "Where this was read: a URL, optionally with a note (file, date seen)." });

const Points = z.number().nonnegative();

/**
 * The banding rule: a model's class is set by how far its score lies below the snapshot's top score.
 * `frontier: 50` means "within 50 points of the top"; `basic` is everything below `mid`.
 */
export const QualityBands = z
  .strictObject({
    frontier: Points.meta({ description: "Largest distance below the top score that is still frontier." }),
    strong: Points.meta({ description: "Largest distance below the top score that is still strong." }),
    mid: Points.meta({ description: "Largest distance below the top score that is still mid; farther is basic." }),
    rationale: z.string().optional().meta({ description: "Why these thresholds (docs/quality.md)." }),
  })
  .meta({ description: "Class thresholds, in score points below the snapshot's top score (ascending)." });

export const QualityScore = z.strictObject({
  score: z.number().meta({ description: "The model's score on the leaderboard that day." }),
  ci: z
    .tuple([z.number(), z.number()])
    .optional()
    .meta({ description: "The published confidence interval [low, high] (95% for Arena), when there is one." }),
  name: z.string().min(1).optional().meta({
    description: "The leaderboard's own name for the model, when it differs from the catalog key.",
  }),
});

export const QualitySnapshot = z.strictObject({
  date: IsoDate.meta({ description: "The day the leaderboard published these scores." }),
  leaderboard: z.string().min(1).meta({ description: "Which leaderboard, e.g. LMArena text (overall)." }),
  metric: z.string().min(1).meta({ description: "What the score is, e.g. arena-elo." }),
  source: Source.meta({ description: "The published file or page these scores were read from." }),
  via: Source.optional().meta({ description: "A mirror the scores were read through, when not the source itself." }),
  top: z
    .strictObject({
      name: z.string().min(1).meta({ description: "The top model that day, as the leaderboard names it." }),
      score: z.number(),
    })
    .meta({
      description: "The leaderboard's top score that day (any model, in the catalog or not): bands count from it.",
    }),
  bands: QualityBands.optional().meta({ description: "Thresholds for this snapshot; default the file's `bands`." }),
  scores: z.record(z.string(), QualityScore).meta({
    description:
      "Scores by catalog model key (an API model id, alias or shared `model:` key). Only models the catalog prices.",
  }),
  notes: z.string().optional(),
});

export const QualityOverride = z.strictObject({
  model: z.string().min(1).meta({ description: "A catalog model key (id, alias or shared `model:` key)." }),
  class: QualityClass,
  from: IsoDate.meta({ description: "First day the override applies." }),
  source: Source.meta({ description: "Why: your own evaluation, a document, a decision record." }),
  notes: z.string().optional(),
});

export const QualityFile = z.strictObject({
  schema: z.literal(1, { error: "expected schema: 1 (this llmcost reads quality schema 1 to 1)" }),
  bands: QualityBands,
  snapshots: z.array(QualitySnapshot),
  overrides: z.array(QualityOverride).optional().meta({
    description: "Classes set by hand, each dated and sourced; an override wins over every snapshot.",
  }),
});

/** What an overlay (`--catalog FILE`) may add: snapshots, overrides, or other default bands. */
export const QualityOverlay = z.strictObject({
  bands: QualityBands.optional(),
  snapshots: z.array(QualitySnapshot).optional(),
  overrides: z.array(QualityOverride).optional(),
});

export type QualityBands = z.infer<typeof QualityBands>;
export type QualityScore = z.infer<typeof QualityScore>;
export type QualitySnapshot = z.infer<typeof QualitySnapshot>;
export type QualityOverride = z.infer<typeof QualityOverride>;
export type QualityFile = z.infer<typeof QualityFile>;
export type QualityOverlay = z.infer<typeof QualityOverlay>;

/** The quality part of a loaded catalog. */
export interface Quality {
  bands: QualityBands;
  snapshots: QualitySnapshot[];
  overrides: QualityOverride[];
}

/** A model's quality class on a day, with the evidence behind it. */
export interface ModelQuality {
  class: QualityClass;
  /** The leaderboard score; null only when an override classes a model no snapshot scores. */
  score: number | null;
  /** The leaderboard ("override" when the class was set by hand). */
  leaderboard: string;
  /** What the score is, e.g. arena-elo ("class" for an override). */
  metric: string;
  /** The snapshot's date (the override's `from` for an override). */
  date: string;
  /** Where it was published (the override's `source` for an override). */
  source: string;
  /** The snapshot's top score the bands count from; null for an override of an unscored model. */
  top: number | null;
  /** The catalog key the score is filed under (it may be an alias of the name asked for). */
  key: string | null;
  /** True when a dated override set the class. */
  override: boolean;
}

/** One row of the `catalog quality` view: a scored model on one snapshot and its class. */
export interface QualityRow {
  key: string;
  name: string | null;
  score: number;
  ci: [number, number] | null;
  below_top: number;
  class: QualityClass;
}

export interface QualitySnapshotView {
  date: string;
  leaderboard: string;
  metric: string;
  source: string;
  via: string | null;
  top: { name: string; score: number };
  bands: QualityBands;
  rows: QualityRow[];
}

export interface QualityView {
  catalog: { version: string; as_of: string; digest: string };
  /** The snapshot in force at as_of (the newest dated ≤ as_of), or every snapshot with `all`. */
  snapshots: QualitySnapshotView[];
  overrides: QualityOverride[];
}
