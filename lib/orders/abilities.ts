import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import type { OrderStatus, OwnerRole } from './schema';

/**
 * What a viewer may do with one purchase order: one pure function over facts that
 * lib/orders/access.ts loads once. Queries return it as `can`; mutations enforce it with
 * requireOrderAbility; pages only read `can.*`.
 *
 * Inside the company:
 * - admins and the supplier's buyers (employees named as buyer, members of a unit named as buyer,
 *   and the order's own buyer) do everything: edit and send drafts, change orders, cancel, review
 *   proposed changes, record receipts;
 * - planners of the supplier and heads of a tree that owns it (an owner unit or an owner person
 *   inside it) read everything, internal notes and prices included;
 * - officers, plain employees: nothing (officers set owners on the partner organisation page).
 * The supplier (members of the order's partner organisation, never while it is a draft):
 * - read the order (prices only when not hidden; never the internal note);
 * - answer lines or the whole order when the partner admin lets them confirm (everyone unless
 *   the organisation restricts it to named people; partner admins always);
 * - file delays and shipment notices on confirmed lines.
 * Everyone else (other organisations, customers, deactivated people) learns nothing: partners NOT_FOUND.
 */
export type OrderFacts = {
  partnerOrgId: string;
  status: OrderStatus;
  hidePrices: boolean;
  buyerId: string | null;
  /** The viewer's roles for this supplier (as a person or through their unit). */
  ownerRoles: readonly OwnerRole[];
  /** The viewer heads a tree containing one of the supplier's owners. */
  headsOwner: boolean;
  /** For a partner of the supplier: the partner admin lets them confirm. */
  mayConfirm: boolean;
  openLines: number;
  proposedLines: number;
  /** Lines confirmed and not yet closed (delays, shipments, receipts). */
  activeLines: number;
};

export type OrderAbilities = {
  view: boolean;
  viewPrices: boolean;
  viewInternal: boolean;
  edit: boolean;
  send: boolean;
  revise: boolean;
  cancel: boolean;
  respond: boolean;
  review: boolean;
  delay: boolean;
  ship: boolean;
  receive: boolean;
};

const none: OrderAbilities = { view: false, viewPrices: false, viewInternal: false, edit: false, send: false, revise: false, cancel: false, respond: false, review: false, delay: false, ship: false, receive: false };

const live = (s: OrderStatus) => s === 'sent' || s === 'proposed' || s === 'confirmed';

export function isOrderBuyer(viewer: Viewer, f: Pick<OrderFacts, 'ownerRoles' | 'buyerId'>): boolean {
  return viewer.roles.includes('admin') || f.ownerRoles.includes('buyer') || f.buyerId === viewer.id;
}

export function orderAbilities(viewer: Viewer | null | undefined, f: OrderFacts): OrderAbilities {
  if (!viewer || viewer.status !== 'active') return none;
  if (viewer.kind === 'employee') {
    const buyer = isOrderBuyer(viewer, f);
    const reader = buyer || f.ownerRoles.includes('planner') || f.headsOwner;
    if (!reader) return none;
    return {
      ...none,
      view: true,
      viewPrices: true,
      viewInternal: true,
      edit: buyer && f.status === 'draft',
      send: buyer && f.status === 'draft',
      revise: buyer && live(f.status),
      cancel: buyer && (f.status === 'draft' || live(f.status)),
      review: buyer && f.proposedLines > 0 && live(f.status),
      receive: buyer && f.activeLines > 0,
    };
  }
  if (!viewer.partnerOrgId || viewer.partnerOrgId !== f.partnerOrgId || f.status === 'draft') return none;
  return {
    ...none,
    view: true,
    viewPrices: !f.hidePrices,
    respond: f.mayConfirm && f.openLines > 0 && live(f.status),
    delay: f.activeLines > 0 && live(f.status),
    ship: f.activeLines > 0 && live(f.status),
  };
}

/** Enforces one ability: a viewer who may not see the order learns nothing (NOT_FOUND for partners, FORBIDDEN for employees). */
export function requireOrderAbility(viewer: Viewer | null, can: OrderAbilities, ability: keyof OrderAbilities): Viewer {
  if (!viewer || viewer.status !== 'active') throw new AppError('UNAUTHENTICATED');
  if (!can.view) throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  if (!can[ability]) throw new AppError(viewer.kind === 'partner' && ability === 'viewInternal' ? 'NOT_FOUND' : 'FORBIDDEN');
  return viewer;
}

/**
 * Area-level: the internal orders pages (every employee; the lists filter to what they own or head), creating orders
 * (buyers of any supplier, admins), setting owners (admins, communications officers), the supplier
 * portal (members of an active supplier organisation) and choosing confirmers (its partner admin).
 */
export type OrderAreaAbilities = { internal: boolean; create: boolean; export: boolean; manageOwners: boolean; portal: boolean; manageConfirmers: boolean };

export type OrderAreaFacts = { ownerOfAny: boolean; buyerOfAny: boolean; partnerOrgType: string | null };

const noArea: OrderAreaAbilities = { internal: false, create: false, export: false, manageOwners: false, portal: false, manageConfirmers: false };

export function orderAreaAbilities(viewer: Viewer | null | undefined, f: OrderAreaFacts): OrderAreaAbilities {
  if (!viewer || viewer.status !== 'active') return noArea;
  if (viewer.kind === 'partner') {
    const supplier = f.partnerOrgType === 'supplier';
    return { ...noArea, portal: supplier, manageConfirmers: supplier && viewer.roles.includes('partner_admin') };
  }
  const admin = viewer.roles.includes('admin');
  // Every employee reaches the lists (like customer requests); they show only orders of suppliers
  // the person owns or heads (a plain employee sees an empty list). Items stay FORBIDDEN to others.
  const internal = true;
  void f.ownerOfAny;
  return {
    ...noArea,
    internal,
    export: internal,
    create: admin || f.buyerOfAny,
    manageOwners: admin || viewer.roles.includes('comms_officer'),
  };
}

export function requireOrderArea(viewer: Viewer, area: OrderAreaAbilities, ability: keyof OrderAreaAbilities): Viewer {
  if (!area[ability]) throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  return viewer;
}
