// Shared labels of licence verification (亮证核验): why a check failed, and what kind of organisation checked.
// Used by the citizen wallet ("who checked my licence") and the verifier's page. The strings live in i18n
// (zh-CN/wallet.ts and en/wallet.ts, under `verifyReasons` and `verifierCategories`).
import type { TFunction } from 'i18next';

/** Every reason the server gives for a failed verification (src/modules/credentials/sd-jwt.ts VerifyFailure, copy_withdrawn and replayed). */
export const VERIFY_REASON_CODES = [
  'malformed',
  'bad_signature',
  'unknown_issuer',
  'expired',
  'not_yet_valid',
  'holder_binding',
  'stale',
  'wrong_audience',
  'wrong_nonce',
  'revoked',
  'suspended',
  'tampered_disclosure',
  'status_unavailable',
  'copy_withdrawn',
  'replayed',
] as const;
export type VerifyReason = (typeof VERIFY_REASON_CODES)[number];

/** i18n key of each reason's label, e.g. t(VERIFY_REASON_KEYS.stale) → 亮证码已过期（超过2分钟）. */
export const VERIFY_REASON_KEYS: Record<VerifyReason, string> = Object.fromEntries(
  VERIFY_REASON_CODES.map((code) => [code, `verifyReasons.${code}`]),
) as Record<VerifyReason, string>;

export const isVerifyReason = (code: unknown): code is VerifyReason =>
  typeof code === 'string' && (VERIFY_REASON_CODES as readonly string[]).includes(code);

/** The label of a reason in the current language; an unknown code is shown as it is. */
export function verifyReasonLabel(code: string | null | undefined, t: TFunction): string {
  if (!code) return '';
  return isVerifyReason(code) ? t(VERIFY_REASON_KEYS[code]) : code;
}

/** Verifier organisation categories (src/modules/credentials/model.ts VERIFIER_CATEGORIES). */
export const VERIFIER_CATEGORY_CODES = ['hotel', 'scenic', 'museum', 'library', 'hospital', 'other'] as const;
export type VerifierCategory = (typeof VERIFIER_CATEGORY_CODES)[number];

export const VERIFIER_CATEGORY_KEYS: Record<VerifierCategory, string> = Object.fromEntries(
  VERIFIER_CATEGORY_CODES.map((code) => [code, `verifierCategories.${code}`]),
) as Record<VerifierCategory, string>;

export function verifierCategoryLabel(code: string | null | undefined, t: TFunction): string {
  if (!code) return '';
  return (VERIFIER_CATEGORY_CODES as readonly string[]).includes(code) ? t(VERIFIER_CATEGORY_KEYS[code as VerifierCategory]) : code;
}
