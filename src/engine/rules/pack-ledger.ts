import type { Item } from "../../schema/report.js";

/**
 * What the inference items of one estimate share of packs and free quotas (docs/billing.md "Packs
 * shared by the items of a workload"). A free quota is granted once per account, not once per item;
 * packs bought for one item and left partly unused cover the next items on models they cover.
 * Items draw in workload order: the packs rule reads what earlier items left and notes what this
 * item would draw (`pending`, per offering); once the item is ranked, `commitPacks` keeps the
 * drawing of the offering the item's traffic goes to (its selected option's) and drops the rest.
 * Made per estimate call, so the engine stays pure.
 */
export interface PackLedger {
  /** provider \0 pack id → free-quota quantity left (absent: the whole quota). */
  free: Map<string, number>;
  /** provider \0 pack id → the items that drew on the free quota, in order. */
  users: Map<string, string[]>;
  /** provider \0 counted unit → unused quantity per period of packs bought for earlier items. */
  carried: Map<string, Carried[]>;
  /** What the item being priced would draw, per offering it is priced on. */
  pending: Drawing[];
}

export interface Carried {
  /** The packs bought (all must cover a later item's model for it to use them). */
  ids: string[];
  /** Quantity per period still unused. */
  quantity: number;
  /** The item that bought them. */
  from: string;
}

export interface Drawing {
  /** provider \0 offering the option prices. */
  offering: string;
  /** The pack option's plan: the bought packs are carried only if this option is the one selected. */
  plan: string;
  free: { key: string; left: number; used: number }[];
  carried: { entry: Carried; used: number }[];
  /** Where the unused quantity of the packs bought for this item is carried, and its ids. */
  group: string;
  ids: string[];
  unused: number;
}

export function newPackLedger(): PackLedger {
  return { free: new Map(), users: new Map(), carried: new Map(), pending: [] };
}

export function packKey(provider: string, id: string): string {
  return `${provider}\u0000${id}`;
}

/** After an item is ranked: keep what its selected offering drew, forget the other offerings'. */
export function commitPacks(led: PackLedger, item: Item): void {
  if (led.pending.length === 0) return;
  const sel = item.options[0];
  const at = sel ? packKey(sel.provider, sel.offering) : undefined;
  for (const d of led.pending) {
    if (d.offering !== at || !sel) continue;
    // A free quota is drawn on by whatever the traffic is billed under: it offsets usage automatically.
    for (const f of d.free) {
      led.free.set(f.key, Math.max(0, f.left - f.used));
      const users = led.users.get(f.key);
      if (users) users.push(item.name);
      else led.users.set(f.key, [item.name]);
    }
    // Bought packs exist only if the pack option is the one chosen.
    if (sel.billing !== "pack" || sel.plan !== d.plan) continue;
    for (const c of d.carried) c.entry.quantity = Math.max(0, c.entry.quantity - c.used);
    if (d.unused > 0) {
      const list = led.carried.get(d.group);
      const entry = { ids: d.ids, quantity: d.unused, from: item.name };
      if (list) list.push(entry);
      else led.carried.set(d.group, [entry]);
    }
  }
  led.pending.length = 0;
}
