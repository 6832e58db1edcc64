// HTTP only, for the citizen's wallet (/api/citizen/wallet, where the wallet's cookie goes), verifiers and
// the registration of verifier organisations.
import { auditContext } from '../../server/access.ts';
import type { PlatformContext } from '../../server/context.ts';
import { credentialBaseOf, publicBaseOf } from '../../server/public-url.ts';
import { citizenOf, type App } from '../../server/types.ts';
import { trustList, verificationStats, verifyPresentation } from './verification.ts';
import { listVerifiers, myVerifier, registerVerifier } from './verifiers.ts';
import { createCopy, listCopies, listMyChecks, listWalletLicences, mintWalletCredential, registerHolderKey, withdrawCopy } from './wallet.ts';
import * as S from './wallet-schemas.ts';


export function walletRoutes(app: App, ctx: PlatformContext): void {
  const publicBase = (request: Parameters<typeof publicBaseOf>[1]) => publicBaseOf(ctx.config, request);
  const citizens = { access: { citizens: true } } as const;

  app.get('/api/citizen/wallet/licences', {
    schema: { tags: ['wallet'], summary: '我的证照 My licences', response: { 200: S.WalletLicences } },
    config: citizens,
    handler: async (request) => ({ items: await listWalletLicences(ctx, citizenOf(request)) }),
  });

  app.post('/api/citizen/wallet/keys', {
    schema: { tags: ['wallet'], summary: '登记本设备密钥 Register this device\'s wallet key (P-256 public JWK)', body: S.KeyBody, response: { 200: S.KeyRegistered } },
    config: citizens,
    handler: async (request) => registerHolderKey(ctx, citizenOf(request), request.body, auditContext(request)),
  });

  app.post('/api/citizen/wallet/licences/:id/credential', {
    schema: { tags: ['wallet'], summary: '领取可出示凭证 An SD-JWT VC of the licence bound to a wallet key', params: S.IdParams, body: S.MintBody, response: { 200: S.Minted } },
    config: citizens,
    handler: async (request) => mintWalletCredential(ctx, citizenOf(request), request.params.id, request.body, credentialBaseOf(ctx.config, request), auditContext(request)),
  });

  app.post('/api/citizen/wallet/licences/:id/copies', {
    schema: { tags: ['wallet'], summary: '生成加注件 A purpose-bound copy for one organisation', params: S.IdParams, body: S.CopyBody, response: { 201: S.CreatedCopy } },
    config: citizens,
    handler: async (request, reply) => reply.code(201).send(await createCopy(ctx, citizenOf(request), request.params.id, request.body, credentialBaseOf(ctx.config, request), auditContext(request))),
  });

  app.get('/api/citizen/wallet/copies', {
    schema: { tags: ['wallet'], summary: '我的加注件 My purpose-bound copies', response: { 200: S.Copies } },
    config: citizens,
    handler: async (request) => ({ items: await listCopies(ctx, citizenOf(request)) }),
  });

  app.post('/api/citizen/wallet/copies/:id/withdraw', {
    schema: { tags: ['wallet'], summary: '撤回加注件 Withdraw a copy', params: S.IdParams },
    config: citizens,
    handler: async (request, reply) => {
      await withdrawCopy(ctx, citizenOf(request), request.params.id, auditContext(request));
      return reply.code(204).send();
    },
  });

  app.get('/api/citizen/wallet/checks', {
    schema: { tags: ['wallet'], summary: '谁查看了我的证照 Every verification of my licences', response: { 200: S.Checks } },
    config: citizens,
    handler: async (request) => ({ items: await listMyChecks(ctx, citizenOf(request)) }),
  });

  // Verifiers (核验员) check presentations; platform admins may too, to try the flow out.
  app.post('/api/credentials/verifications', {
    schema: { tags: ['credentials'], summary: '亮证核验 Verify a licence shown as a QR code', body: S.VerifyBody, response: { 200: S.Verification } },
    config: { access: { users: ['verifier', 'platform_admin'] } },
    handler: async (request) => verifyPresentation(ctx, request.principal, request.body, auditContext(request)),
  });

  app.get('/api/credentials/trust-list', {
    schema: { tags: ['credentials'], summary: '信任列表 Issuer keys, status lists and licence types a verifier caches for offline checks', response: { 200: S.TrustList } },
    config: { access: { users: ['verifier', 'platform_admin'] } },
    handler: async (request, reply) => reply.header('cache-control', 'private, max-age=300').send(await trustList(ctx, publicBase(request))),
  });

  app.get('/api/credentials/verification-stats', {
    schema: { tags: ['credentials'], summary: '核验统计 How the caller\'s departments\' licences were checked', querystring: S.StatsQuery, response: { 200: S.VerificationStats } },
    config: { access: { users: ['platform_admin', 'chief_data_officer', 'data_steward'] } },
    handler: async (request) => verificationStats(ctx, request.principal, request.query.days ?? 30),
  });

  app.get('/api/credentials/verifier/me', {
    schema: { tags: ['credentials'], summary: '本核验机构 The verifier organisation of the signed-in 核验员', response: { 200: S.MyVerifier } },
    config: { access: { users: ['verifier', 'platform_admin'] } },
    handler: async (request) => ({ verifier: await myVerifier(ctx, request.principal) }),
  });

  app.post('/api/credentials/verifiers', {
    schema: { tags: ['credentials'], summary: '登记核验机构 Register a verifier organisation and its first account', body: S.RegisterVerifierBody, response: { 201: S.VerifierView } },
    config: { access: { users: ['platform_admin', 'org_admin'] } },
    handler: async (request, reply) => reply.code(201).send(await registerVerifier(ctx, request.principal, request.body, auditContext(request))),
  });

  app.get('/api/credentials/verifiers', {
    schema: { tags: ['credentials'], summary: '核验机构 Verifier organisations', response: { 200: S.VerifierList } },
    config: { access: { users: ['platform_admin', 'org_admin'] } },
    handler: async (request) => ({ items: await listVerifiers(ctx, request.principal) }),
  });
}
