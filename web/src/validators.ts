export const MOBILE_RE = /^1[3-9]\d{9}$/;
export const USERNAME_RE = /^[A-Za-z0-9_.-]{3,32}$/;
/** 6-digit county code, 9-digit town code or 12-digit statistical division code. */
export const REGION_CODE_RE = /^\d{6}(\d{3}){0,2}$/;

/** Mirrors the server: 10+ characters with at least one letter and one digit. */
export function isStrongPassword(pw: string): boolean {
  return pw.length >= 10 && /[A-Za-z]/.test(pw) && /\d/.test(pw);
}
/** GB 32100-2015 unified social credit code: charset excludes I, O, Z, S, V. */
export const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** GB 11643-1999 resident identity number: 17 digits + ISO 7064 MOD 11-2 check character. */
export function isValidCitizenId(value: string): boolean {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (weights[i] ?? 0);
  return '10X98765432'[sum % 11] === id[17];
}
