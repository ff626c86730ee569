// Stands in for the 'server-only' marker outside Next.js (scripts/hooks/register.mjs).
