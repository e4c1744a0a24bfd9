import type { ProgramCatalogue } from './types';

export const PRIVACY_SEAL_SLUG = 'privacy-seal';

/**
 * The FTC's conditions for the sale of Toysmart.com's customer list (FTC v. Toysmart.com, 2000):
 * no sale as a stand-alone asset; only to a qualified buyer in the same line of business that
 * becomes the successor bound by the existing policy; material changes only with opt-in consent.
 */
export const TOYSMART_COMMITMENTS = [
  'We will never sell or transfer personal data as a stand-alone asset, including in a bankruptcy or liquidation.',
  'Personal data may pass only to a successor in the same line of business that agrees to be bound by our existing privacy policy.',
  'Any material change to how personal data is used after such a transfer requires each person’s opt-in consent.',
];

/**
 * The default program. Its criteria follow the FTC's fair information practice principles (notice,
 * choice, access, security, enforcement) as the privacy seal programs of around 2000 applied them,
 * plus what those programs lacked: a binding change-of-control clause and recertification.
 */
export const privacySeal: ProgramCatalogue = {
  slug: PRIVACY_SEAL_SLUG,
  name: 'Privacy Seal',
  summary:
    'Certifies that a website tells people plainly what personal data it collects and why, lets them choose, see, correct and delete it, keeps it secure, never sells it in a change of control, and answers complaints through the seal program.',
  sealValidityMonths: 12,
  firstVersion: {
    changeNote: 'First version of the Privacy Seal criteria.',
    criteria: [
      {
        code: 'privacy-notice',
        title: 'A privacy policy linked from every page',
        guidance:
          'The site publishes a privacy policy in plain language, reachable from a clearly labelled link on every page, including the home page and every page that collects personal data. The reviewer opens several pages, including checkout and sign-up forms, and finds the link on each. The policy names the organization responsible, gives a way to contact it about privacy, and shows the date it last changed.',
        requirement: 'mandatory',
        question: 'Where is your privacy policy published, and how is it linked from each page of the site?',
        evidencePrompt: 'The URL of your privacy policy, and the URL of one page that collects personal data and links to it.',
        evidenceRequired: true,
        commitments: [],
      },
      {
        code: 'data-collected',
        title: 'What personal data is collected',
        guidance:
          'The policy lists the kinds of personal data the site collects: what people enter (name, address, email, payment details) and what is collected automatically (IP address, device identifiers, browsing behaviour). It says how each kind is collected and whether it comes from other sources. The reviewer compares the list with the site’s forms and finds nothing collected that the policy leaves out.',
        requirement: 'mandatory',
        question: 'Which kinds of personal data does your site collect, directly from people and automatically?',
        evidencePrompt: 'Link to or quote the section of your policy that lists the personal data you collect.',
        evidenceRequired: true,
        commitments: [],
      },
      {
        code: 'purposes-of-use',
        title: 'Purposes of use',
        guidance:
          'The policy states what each kind of personal data is used for, such as fulfilling orders, customer service, marketing or analytics. Data is not used for purposes the policy does not state. The reviewer looks for purposes that are specific rather than open-ended wording like "to improve our services and for other business purposes".',
        requirement: 'mandatory',
        question: 'For what purposes do you use the personal data you collect?',
        evidencePrompt: 'Link to or quote the section of your policy that states how you use personal data.',
        evidenceRequired: true,
        commitments: [],
      },
      {
        code: 'third-party-sharing',
        title: 'Sharing with third parties, and consent',
        guidance:
          'The policy names the categories of third parties that receive personal data and why. Service providers that process data on the site’s behalf are bound by contract to use it only for that work. Personal data is shared with third parties for their own purposes, such as their marketing, only with the person’s prior consent. The reviewer checks that the sharing described matches the partners and integrations visible on the site.',
        requirement: 'mandatory',
        question: 'With which categories of third parties do you share personal data, for what purposes, and how do you obtain consent where it is needed?',
        evidencePrompt: 'Link to or quote the section of your policy about sharing personal data with third parties.',
        evidenceRequired: true,
        commitments: ['We share personal data with third parties for their own purposes only with the person’s prior consent.'],
      },
      {
        code: 'opt-out',
        title: 'Choice: opting out of marketing and secondary uses',
        guidance:
          'People can opt out of marketing messages and of uses of their data beyond the service they asked for, without having to create an account or give more data. Every marketing email carries a working unsubscribe link. The reviewer tries the opt-out mechanism and checks that the policy says how and how quickly opt-outs are honoured.',
        requirement: 'mandatory',
        question: 'How can people opt out of marketing and of other uses beyond the service they asked for, and how quickly do you honour it?',
        evidencePrompt: 'Link to the opt-out mechanism, or quote the section of your policy that describes it.',
        evidenceRequired: true,
        commitments: [],
      },
      {
        code: 'access-correction-deletion',
        title: 'Access, correction and deletion',
        guidance:
          'People can ask to see the personal data the site holds about them, correct it, and have it deleted. The policy explains how to ask, how the requester’s identity is checked, and within what time the site answers, which should not exceed 30 days. The reviewer looks for a route that does not demand more personal data than the site already holds.',
        requirement: 'mandatory',
        question: 'How do people see, correct and delete the personal data you hold about them, and how long does it take you to answer?',
        evidencePrompt: 'Link to or quote the section of your policy that explains access, correction and deletion.',
        evidenceRequired: true,
        commitments: [],
      },
      {
        code: 'security',
        title: 'Security, including TLS',
        guidance:
          'Every page of the site is served over HTTPS with a valid certificate, and plain HTTP redirects to HTTPS. Personal data is protected by reasonable safeguards for its sensitivity: access limited to staff who need it, payment data handled by a compliant processor, passwords stored only as salted hashes. The reviewer checks the certificate and redirect, and asks how a breach would be detected and who would be told.',
        requirement: 'mandatory',
        question: 'How do you protect the personal data you hold, in transit and at rest, and what do you do if it is breached?',
        evidencePrompt: 'Describe your safeguards, or link to a security statement; the reviewer checks TLS on the site itself.',
        evidenceRequired: false,
        commitments: ['Every page of the site is served over HTTPS, and people affected by a breach of their personal data will be told without undue delay.'],
      },
      {
        code: 'data-retention',
        title: 'Retention schedule',
        guidance:
          'Personal data is kept only as long as needed for the purposes stated, then deleted or anonymised. A good answer gives a schedule per kind of data, for example order records for the period tax law requires and inactive accounts deleted after two years. The reviewer looks for concrete periods rather than "as long as necessary".',
        requirement: 'recommended',
        question: 'How long do you keep each kind of personal data, and what happens to it afterwards?',
        evidencePrompt: 'Link to or quote your retention schedule, if it is published.',
        evidenceRequired: false,
        commitments: [],
      },
      {
        code: 'childrens-data',
        title: 'Children’s data and parental consent',
        guidance:
          'A site directed at children under 13, or that knowingly collects their personal data, obtains verifiable parental consent before collecting it, as the US Children’s Online Privacy Protection Act (COPPA) requires. Parents can review the data collected from their child, have it deleted and refuse further collection. A site not directed at children says so in its policy and deletes children’s data it learns it has collected. The reviewer looks at the site’s audience, products and sign-up forms.',
        requirement: 'mandatory',
        question: 'Is your site directed at children under 13, or do you knowingly collect their personal data? If so, how do you obtain verifiable parental consent?',
        evidencePrompt: 'Link to or quote the section of your policy about children, and describe your parental-consent process if you have one.',
        evidenceRequired: true,
        commitments: ['We do not collect personal data from a child under 13 without verifiable parental consent.'],
      },
      {
        code: 'cookies-and-tracking',
        title: 'Cookies and tracking',
        guidance:
          'The policy lists the cookies and similar technologies the site uses, first-party and third-party, with their purposes and lifetimes, and names advertising and analytics networks that track people across sites. Non-essential tracking can be refused as easily as it can be accepted, and a browser’s Global Privacy Control signal is honoured. The reviewer loads the site in a clean browser and compares what is set with what is disclosed.',
        requirement: 'recommended',
        question: 'Which cookies and tracking technologies does your site use, for what purposes, and how can people refuse those that are not essential?',
        evidencePrompt: 'Link to your cookie notice or the cookie section of your policy.',
        evidenceRequired: false,
        commitments: [],
      },
      {
        code: 'dispute-resolution',
        title: 'Dispute resolution through the seal program',
        guidance:
          'The site takes part in the seal program’s dispute resolution: its policy tells people they can complain to the program if the site does not resolve their privacy concern, with a link to the program’s complaint page. The site answers complaints forwarded by the program within the program’s deadlines and carries out its decisions, including corrective action and the suspension or revocation of the seal. The reviewer checks the policy for the link.',
        requirement: 'mandatory',
        question: 'How does your privacy policy tell people they can take an unresolved privacy complaint to the seal program?',
        evidencePrompt: 'Quote the sentence of your policy that refers people to the seal program’s complaint process.',
        evidenceRequired: true,
        commitments: [
          'We will answer complaints the seal program forwards to us within its deadlines.',
          'We will carry out the seal program’s decisions, including corrective action and the suspension or revocation of the seal.',
        ],
      },
      {
        code: 'complaint-handling',
        title: 'Handling privacy complaints directly',
        guidance:
          'Besides the seal program, the site offers its own privacy contact, such as a dedicated email address or form, and acknowledges complaints within a few business days. A good answer names who handles them, keeps a record of complaints and their outcomes, and offers an independent recourse mechanism where law or sector practice provides one. The reviewer looks for a contact that reaches a person, not only a general sales address.',
        requirement: 'recommended',
        question: 'How can people raise a privacy concern with you directly, who handles it, and how quickly do you acknowledge it?',
        evidencePrompt: 'Link to your privacy contact page or quote its details.',
        evidenceRequired: false,
        commitments: [],
      },
      {
        code: 'policy-changes',
        title: 'Notice of policy changes',
        guidance:
          'The policy says how people are told about changes to it. Material changes are announced prominently on the site and by email to account holders before they take effect. Data collected under an earlier policy is used in a materially different way only with the person’s opt-in consent. The reviewer looks for a dated policy and a described notification process, and may compare it with earlier published versions.',
        requirement: 'mandatory',
        question: 'How do you tell people about changes to your privacy policy, and how do you treat data collected under an earlier version?',
        evidencePrompt: 'Link to or quote the section of your policy about changes to it.',
        evidenceRequired: true,
        commitments: ['Data collected under an earlier policy is used in a materially different way only with the person’s opt-in consent.'],
      },
      {
        code: 'change-of-control',
        title: 'Change of control: merger, acquisition, asset sale or bankruptcy',
        guidance:
          'The policy says what happens to personal data if the organization merges, is acquired, sells its assets or goes bankrupt, and its terms meet the conditions the FTC set for Toysmart.com’s customer list in 2000. A promise like "your information will never be shared with a third party" must survive a change of control: the data is not sold on its own to the highest bidder. The site also tells the seal program of a change of control before it takes effect, so the program can review the transfer. The reviewer reads the clause against each commitment below.',
        requirement: 'mandatory',
        question: 'What does your privacy policy say will happen to personal data in a merger, acquisition, asset sale or bankruptcy?',
        evidencePrompt: 'Quote the clause of your privacy policy that covers a merger, acquisition, sale of assets or bankruptcy.',
        evidenceRequired: true,
        commitments: TOYSMART_COMMITMENTS,
      },
    ],
  },
};
