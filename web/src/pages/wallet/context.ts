import { createContext, useContext } from 'react';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api';
import { errorText } from '../../format';
import type { Account } from './walletApi';

export interface WalletSession {
  account: Account;
  /** The server said the session is gone: back to sign-in. */
  expired: () => void;
  signOut: () => Promise<void>;
}

export const WalletContext = createContext<WalletSession | null>(null);

export function useWallet(): WalletSession {
  const ctx = useContext(WalletContext);
  if (!ctx) throw new Error('useWallet outside the wallet');
  return ctx;
}

/** An error's message; a 401 (session gone) also sends the citizen back to sign-in. */
export function walletError(err: unknown, t: TFunction, session: Pick<WalletSession, 'expired'>): string {
  if (err instanceof ApiError && err.status === 401) {
    session.expired();
    return t('wallet.errors.sessionExpired');
  }
  return errorText(err, t);
}

export const formatValue = (v: string | number | boolean | null, t: TFunction): string =>
  v === true ? t('wallet.yes') : v === false ? t('wallet.no') : v === null ? '—' : String(v);
