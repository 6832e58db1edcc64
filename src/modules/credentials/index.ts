// 电子证照 credentials (issue 5): licence types, issuer keys, issuing one by one and in bulk from catalog
// resources, suspension and revocation through signed Token Status Lists, and the issuers' public keys.
import { fileURLToPath } from 'node:url';
import type { PlatformModule } from '../../server/module.ts';
import { BULK_ISSUE_JOB, processRun } from './bulk.ts';
import { credentialsRoutes } from './routes.ts';
import { walletRoutes } from './wallet-routes.ts';
import { vcApiRoutes } from './vc/vc-routes.ts';

export { registerLicenceTypes, type TypeRegistration } from './types-service.ts';
export { ensureIssuerKey } from './issuer-keys.ts';
export { issueLicence, changeLicenceStatus } from './issuance.ts';
export { startBulkIssuance, queueBulkIssuance, processRun, BULK_ISSUE_JOB } from './bulk.ts';
export { LICENCE_TYPES, type LicenceType } from './licence-types.ts';
export { residentsByMobile } from './register.ts';
export { licencesOfHolder, type HeldLicence } from './holder-evidence.ts';
export { insertVerifierWithAccount, type RegisterVerifierInput } from './verifiers.ts';

export const credentialsModule: PlatformModule = {
  name: 'credentials',
  migrations: { module: 'credentials', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    credentialsRoutes(app, ctx);
    walletRoutes(app, ctx);
    vcApiRoutes(app, ctx);
    ctx.jobs.handleLong(BULK_ISSUE_JOB, (job, control) => processRun(ctx, String(job.payload.runId), job.attempts, control.extendLease));
  },
};
