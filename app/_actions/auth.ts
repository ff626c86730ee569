'use server';

import { redirect, unstable_rethrow } from 'next/navigation';
import { signIn, signOut } from '@/lib/auth';
import { SSO_PROVIDER_ID } from '@/lib/auth/config';

/** "Sign in with company SSO": off to the identity provider (authorization code + PKCE). */
export async function signInWithSsoAction(): Promise<void> {
  try {
    await signIn(SSO_PROVIDER_ID, { redirectTo: '/' });
  } catch (e) {
    unstable_rethrow(e); // the redirect to the identity provider
    console.error('[auth] could not start SSO sign-in', e);
    redirect('/sign-in/error?error=Unavailable');
  }
}

/** Ends the session: the auth_session row is deleted (and audited), the cookie cleared. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/sign-in' });
}
