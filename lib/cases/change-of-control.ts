// Types only: the declaration form and the checklist form run in the browser, where the schema module must not go.
import type { ChangeOfControlItem, ChangeOfControlKind, ChecklistFinding } from '@/db/schema';

/** What a member declares, in the words of the declaration form (issue 6, item 7). */
export const changeOfControlKindLabels: Record<ChangeOfControlKind, string> = {
  bankruptcy: 'Bankruptcy or insolvency',
  merger_acquisition: 'Merger or acquisition',
  asset_sale: 'Sale of assets including customer data',
  dissolution: 'Dissolution',
};

/**
 * The FTC's conditions on the sale of Toysmart's customer list (FTC v. Toysmart.com, 2000), as the
 * checklist a reviewer works through. Each item is a sentence the reviewer can find evidence for or
 * against; the order is the order of the settlement's reasoning.
 */
export const changeOfControlChecklist: ReadonlyArray<{ item: ChangeOfControlItem; title: string; question: string }> = [
  {
    item: 'no_standalone_sale',
    title: 'Not sold as a stand-alone asset',
    question: 'The customer data is not sold, transferred or offered on its own: it goes only with the business it was collected for, as part of that business.',
  },
  {
    item: 'same_line_of_business',
    title: 'Buyer in the same line of business',
    question: 'The buyer (or successor) carries on the same line of business as the site, so customers’ data is used for what they gave it for.',
  },
  {
    item: 'successor_bound_by_policy',
    title: 'Successor bound by the privacy policy',
    question: 'The buyer becomes the successor to the site and agrees in writing to be bound by the privacy policy under which the data was collected.',
  },
  {
    item: 'opt_in_for_material_changes',
    title: 'Material changes only with opt-in consent',
    question: 'The successor makes no material change to how the data is used or shared without each customer’s prior, affirmative (opt-in) consent.',
  },
  {
    item: 'customers_notified',
    title: 'Customers notified',
    question: 'Customers are told of the change of control, who now holds their data and what they can do about it, before the data changes hands.',
  },
  {
    item: 'destroyed_if_no_qualified_buyer',
    title: 'Destroyed if no qualified buyer is approved',
    question: 'If no buyer meeting these conditions is approved by a set deadline, the customer data is destroyed, and the destruction is confirmed.',
  },
];

export function checklistEntry(item: ChangeOfControlItem) {
  return changeOfControlChecklist.find((entry) => entry.item === item)!;
}

export const checklistFindingLabels: Record<ChecklistFinding, string> = {
  pending: 'Not assessed yet',
  satisfied: 'Satisfied',
  failed: 'Failed',
  not_applicable: 'Not applicable',
};
