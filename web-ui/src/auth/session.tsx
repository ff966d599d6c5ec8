import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, storedToken, storeToken } from '../api/client';
import type { Me } from '../api/types';

/** The signed-in token (session storage only) and who it is, from GET /api/v1/me. */
interface Session {
  token: string | null;
  me: Me | undefined;
  /** Only an admin token sees edit controls. */
  canEdit: boolean;
  signIn: (token: string, me: Me) => void;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [token, setToken] = useState<string | null>(storedToken());
  const me = useQuery({
    queryKey: ['me', token],
    queryFn: () => api<Me>('GET', '/api/v1/me', undefined, token),
    enabled: !!token,
    staleTime: Infinity,
    retry: false,
  });
  const signIn = useCallback(
    (t: string, who: Me) => {
      storeToken(t);
      client.setQueryData(['me', t], who);
      setToken(t);
    },
    [client],
  );
  const signOut = useCallback(() => {
    storeToken(null);
    setToken(null);
    client.clear();
  }, [client]);
  const value = useMemo<Session>(
    () => ({ token, me: me.data, canEdit: me.data?.role === 'admin', signIn, signOut }),
    [token, me.data, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Checks a token against the API before keeping it. */
export function checkToken(token: string): Promise<Me> {
  return api<Me>('GET', '/api/v1/me', undefined, token);
}
