import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/authz/viewer';
import { announcementAbilities, type AnnouncementFacts } from './abilities';

const employee: Viewer = {
  id: 'e', kind: 'employee', email: 'e@x', name: 'E', nameEn: null, status: 'active', locale: null, timezone: 'Asia/Shanghai',
  unitId: 'u', partnerOrgId: null, roles: [], headOfUnitIds: [],
};
const partner: Viewer = { ...employee, id: 'p', kind: 'partner', unitId: null, partnerOrgId: 'o' };
const deactivated: Viewer = { ...employee, status: 'deactivated' };

const facts = (f: Partial<AnnouncementFacts> = {}): AnnouncementFacts => ({
  status: 'published', ackRequired: true, version: 1, addressed: false, ackedVersion: null, isAuthor: false, isApprover: false,
  mayDecide: false, privileged: false, publishesDirectly: false, reach: { kind: 'none' }, ...f,
});

type Row = [string, Viewer, Partial<AnnouncementFacts>, Partial<Record<keyof ReturnType<typeof announcementAbilities>, boolean>>];

describe('announcementAbilities', () => {
  const rows: Row[] = [
    ['reader to acknowledge', employee, { addressed: true }, { acknowledge: true, edit: false, withdraw: false, viewReach: false, viewHistory: false }],
    ['reader who acknowledged this version', employee, { addressed: true, ackedVersion: 1 }, { acknowledge: false }],
    ['reader of an older version', employee, { addressed: true, ackedVersion: 1, version: 2 }, { acknowledge: true }],
    ['no acknowledgement asked', employee, { addressed: true, ackRequired: false }, { acknowledge: false }],
    ['partner reader', partner, { addressed: true }, { acknowledge: true, edit: false, withdraw: false, revise: false }],
    ['partner claiming authorship', partner, { isAuthor: true, privileged: true }, { edit: false, withdraw: false, revise: false, viewHistory: false }],
    // Issue: an approved item's author without the right to publish to its audience may not rewrite it.
    ['author who needed approval', employee, { isAuthor: true, reach: { kind: 'all' } }, { edit: false, withdraw: true, viewReach: true, remind: true, viewHistory: true }],
    ['author who heads the audience', employee, { isAuthor: true, publishesDirectly: true, reach: { kind: 'all' } }, { edit: true, withdraw: true }],
    ['officer', employee, { privileged: true, publishesDirectly: true, reach: { kind: 'all' } }, { edit: true, withdraw: true, remind: true, viewSource: true }],
    ['scheduled item, author heads audience', employee, { status: 'scheduled', isAuthor: true, publishesDirectly: true }, { edit: true, acknowledge: false }],
    ['withdrawn item', employee, { status: 'withdrawn', isAuthor: true, publishesDirectly: true, reach: { kind: 'all' } }, { edit: false, withdraw: false, viewReach: true, remind: false }],
    // Issue 14: a never-submitted draft offers edit, submit and delete — never "withdraw".
    ['draft by its author', employee, { status: 'draft', isAuthor: true }, { revise: true, submit: true, delete: true, withdraw: false, edit: false, viewReach: false }],
    ['rejected by its author', employee, { status: 'rejected', isAuthor: true }, { revise: true, submit: false, delete: false }],
    ['draft seen by an officer', employee, { status: 'draft', privileged: true }, { revise: false, submit: false, delete: false, withdraw: false }],
    ['partner claiming a draft', partner, { status: 'draft', isAuthor: true }, { submit: false, delete: false }],
    ['pending, its author', employee, { status: 'pending_approval', isAuthor: true }, { submit: false, delete: false, withdraw: true }],
    ['pending, the approver', employee, { status: 'pending_approval', isApprover: true, mayDecide: true }, { decide: true, viewHistory: true }],
    ['pending, a past decider', employee, { status: 'pending_approval', isApprover: true, mayDecide: false }, { decide: false }],
    ['head of a receiving unit', employee, { reach: { kind: 'trees', unitIds: ['u'] } }, { viewReach: true, remind: false, edit: false }],
    // Responses to requests (issue 14)
    ['addressed, request open', employee, { addressed: true, collectsResponses: true, responsesOpen: true }, { respond: true, viewResponses: false, remindResponders: false }],
    ['addressed, deadline passed', employee, { addressed: true, collectsResponses: true, responsesOpen: false }, { respond: false }],
    ['addressed, no responses asked', employee, { addressed: true, responsesOpen: true }, { respond: false }],
    ['partner addressed, request open', partner, { addressed: true, collectsResponses: true, responsesOpen: true }, { respond: true, viewResponses: false, remindResponders: false }],
    ['partner claiming reach', partner, { collectsResponses: true, responsesOpen: true, reach: { kind: 'all' }, isAuthor: true }, { viewResponses: false, remindResponders: false }],
    ['author of a request', employee, { isAuthor: true, collectsResponses: true, responsesOpen: true, reach: { kind: 'all' } }, { viewResponses: true, remindResponders: true, respond: false }],
    ['author, deadline passed', employee, { isAuthor: true, collectsResponses: true, responsesOpen: false, reach: { kind: 'all' } }, { viewResponses: true, remindResponders: false }],
    ['head of a receiving unit, request', employee, { collectsResponses: true, responsesOpen: true, reach: { kind: 'trees', unitIds: ['u'] } }, { viewResponses: true, remindResponders: false }],
    ['officer, withdrawn request', employee, { status: 'withdrawn', privileged: true, collectsResponses: true, responsesOpen: true, reach: { kind: 'all' } }, { viewResponses: true, remindResponders: false, respond: false }],
    ['deactivated', deactivated, { addressed: true, isAuthor: true, privileged: true }, { acknowledge: false, edit: false, withdraw: false, viewReach: false }],
  ];
  it.each(rows)('%s', (_name, viewer, f, expected) => {
    expect(announcementAbilities(viewer, facts(f))).toMatchObject(expected);
  });
});
