import { startDevIdp } from '../lib/dev-idp/server';

/**
 * `npm run idp`: the local OpenID Provider on its own (npm start runs it for you).
 *   IDP_PORT (3001), DATABASE_URL (required), AUTH_URL (http://localhost:3000),
 *   OIDC_CLIENT_ID (plaza), OIDC_CLIENT_SECRET (plaza-dev-secret).
 * Plaza's OIDC_ISSUER must be http://localhost:<IDP_PORT> (localhost, not 127.0.0.1).
 */
async function main() {
  const port = Number(process.env.IDP_PORT ?? 3001);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: the identity provider serves the employees of that Plaza database.');
  const authUrl = (process.env.AUTH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const clientId = process.env.OIDC_CLIENT_ID ?? 'plaza';
  const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'plaza-dev-secret';
  const issuer = `http://localhost:${port}`;
  const idp = await startDevIdp({ port, issuer, databaseUrl, clients: [{ clientId, clientSecret, redirectUris: [`${authUrl}/api/auth/callback/sso`] }] });
  console.log(`[idp] local identity provider at ${issuer} (client ${clientId}, redirect ${authUrl}/api/auth/callback/sso)`);
  const stop = async () => {
    await idp.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
