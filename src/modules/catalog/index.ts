// 统一数据目录 catalog: data resources registered after GB/T 21063 with their items and sharing attributes,
// drafted by the providing department's stewards, published or returned by the platform operator, versioned.
import { fileURLToPath } from 'node:url';
import type { PlatformModule } from '../../server/module.ts';
import { catalogRoutes } from './routes.ts';

export type { CatalogEntryView, CatalogItem, CatalogEntryContent } from './model.ts';
export { publishedEntries, getEntry } from './service.ts';

export const catalogModule: PlatformModule = {
  name: 'catalog',
  migrations: { module: 'catalog', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    catalogRoutes(app, ctx);
  },
};
