'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const matches = (pathname: string, href: string, exact?: boolean) =>
  exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);

/** A navigation link, marked current when it is the most specific item matching the page. */
export function NavLink({ href, exact, siblings = [], children }: { href: string; exact?: boolean; siblings?: { href: string; exact?: boolean }[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const moreSpecific = siblings.some((s) => s.href.length > href.length && matches(pathname, s.href, s.exact));
  const active = matches(pathname, href, exact) && !moreSpecific;
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={`whitespace-nowrap rounded-md px-3 py-1.5 text-sm ${active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`}
    >
      {children}
    </Link>
  );
}
