import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../hooks/useRequest';
import { useWallet, walletError } from './context';

/**
 * The console's useRequest for a wallet screen: loads on mount, and turns a failure into the wallet's message
 * (a 401 also sends the citizen back to sign-in, which is a side effect, so it runs in an effect).
 */
export function useWalletRequest<T>(fn: () => Promise<T>): { data: T | undefined; error: string | null; reload: () => void } {
  const { t } = useTranslation();
  const session = useWallet();
  const { data, error, reload } = useRequest(() => fn(), []);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    setMessage(error === undefined ? null : walletError(error, t, session));
  }, [error, t, session]);
  return { data, error: message, reload };
}
