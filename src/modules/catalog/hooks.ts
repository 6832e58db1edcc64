// Other modules react to a publication inside its transaction (ingest migrates the resource's typed table),
// so a version is published exactly when its storage is ready, or not at all.
import type { Tx } from '../../kernel/db.ts';
import type { CatalogItem } from './model.ts';

export interface EntryPublished {
  entryId: string;
  code: string;
  providerOrgId: string;
  version: number;
  publishedAt: Date;
  items: CatalogItem[];
  /** Items of the version before, null on the first publication. */
  previousItems: CatalogItem[] | null;
}

export type EntryPublishedHook = (tx: Tx, event: EntryPublished) => Promise<void>;

// A set, so a module registering the same function from several platform instances (tests) counts once.
const publishedHooks = new Set<EntryPublishedHook>();

export function onEntryPublished(hook: EntryPublishedHook): void {
  publishedHooks.add(hook);
}

export async function runPublishedHooks(tx: Tx, event: EntryPublished): Promise<void> {
  for (const hook of publishedHooks) await hook(tx, event);
}
