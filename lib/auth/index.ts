import 'server-only';
import NextAuth from 'next-auth';
import { db } from '@/db/client';
import { authSettingsFromEnv, buildAuthConfig } from './config';

/**
 * Auth.js for Plaza: employees through the company's OpenID Connect provider, partners through
 * single-use e-mail links; database sessions in auth_session (read per request by
 * lib/auth/viewer.ts). Configured lazily so `next build` needs no secrets.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig(db(), authSettingsFromEnv()));
