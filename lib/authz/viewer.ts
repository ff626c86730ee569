/** Who is asking. Built once per request from the session (lib/auth/viewer.ts); pure data. */
export type Role = 'admin' | 'comms_officer' | 'partner_admin';
export type Locale = 'zh-CN' | 'en';

export type Viewer = {
  id: string;
  kind: 'employee' | 'partner';
  email: string;
  name: string;
  nameEn: string | null;
  status: 'active' | 'deactivated';
  locale: Locale | null;
  timezone: string;
  unitId: string | null;
  partnerOrgId: string | null;
  roles: readonly Role[];
  /** Units this person heads directly; headship covers each unit's whole subtree. */
  headOfUnitIds: readonly string[];
};
