// Who may put data into a resource and who may look at its records. Other departments reach a resource's
// data through approved sharing (a later module), never through these routes.
import type { Principal } from '../../server/access.ts';
import { canEditEntriesOf } from '../catalog/index.ts';

export interface Provider {
  id: string;
  path: string;
}

/** The provider's chief data representative and stewards, platform admins, and the provider's own systems. */
export const canImportInto = (p: Principal | null, provider: Provider): boolean =>
  p?.kind === 'client' ? p.orgId === provider.id : canEditEntriesOf(p, provider.path);

/** The provider's own data people and platform admins see the (masked) records, batches and rejections. */
export const canReadRecordsOf = (p: Principal | null, provider: Provider): boolean => p?.kind === 'user' && canEditEntriesOf(p, provider.path);
