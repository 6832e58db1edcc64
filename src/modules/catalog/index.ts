// 统一数据目录 catalog: data resources registered after GB/T 21063 with their items and sharing attributes,
// drafted by the providing department's stewards, published or returned by the platform operator, versioned.
import { fileURLToPath } from 'node:url';
import type { PlatformModule } from '../../server/module.ts';
import { catalogRoutes } from './routes.ts';

export type { CatalogEntryView, CatalogItem, CatalogEntryContent, ItemType, MaskRule, UpdateFrequency } from './model.ts';
export { publishedEntries, getEntry, publishedResource, entryNames, type PublishedResource } from './service.ts';
export { onEntryPublished, type EntryPublished } from './hooks.ts';
export { maskValue } from './masking.ts';
export { canEditEntriesOf } from './policy.ts';

export const catalogModule: PlatformModule = {
  name: 'catalog',
  migrations: { module: 'catalog', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    catalogRoutes(app, ctx);
  },
};
