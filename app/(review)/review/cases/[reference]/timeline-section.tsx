import type { ReviewedCase } from '@/lib/services/cases/read-case';
import { messageAudienceLabels, messageKindLabels } from '@/lib/cases/labels';
import { megabytes } from '@/lib/complaints/limits';
import { DateTime, MessageText } from '@/components/date-time';

const audienceStyle = {
  site: 'border-slate-300',
  complainant: 'border-blue-300 bg-blue-50/40',
  internal: 'border-dashed border-amber-500 bg-amber-50',
} as const;

const size = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : megabytes(bytes));

/** Every message of the case, oldest first, each labelled with who reads it. */
export function TimelineSection({ reviewed }: { reviewed: ReviewedCase }) {
  const { caseRow, messages } = reviewed;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Messages</h2>
      {messages.length === 0 ? (
        <p className="text-slate-700">No messages yet. Send the site a notice, ask the complainant, or write an internal note below.</p>
      ) : (
        <ol className="space-y-3" data-testid="case-timeline">
          {messages.map((message) => (
            <li key={message.id} className={`card ${audienceStyle[message.audience]}`} data-testid={`case-message-${message.kind}`} data-audience={message.audience}>
              <p className="text-sm">
                <span className="font-semibold">{messageKindLabels[message.kind]}</span>
                {message.complaintReference && <span className="font-mono"> ({message.complaintReference})</span>} — {message.authorName ?? (message.kind === 'complainant_reply' ? 'the complainant' : message.kind === 'site_response' ? 'the site' : 'OpenSeal')},{' '}
                <DateTime value={message.createdAt} />
              </p>
              <p className={`text-xs ${message.audience === 'internal' ? 'font-semibold text-amber-900' : 'text-slate-600'}`}>{messageAudienceLabels[message.audience]}</p>
              <p className="mt-2 whitespace-pre-wrap">
                <MessageText text={message.body} />
              </p>
              {message.responseDueAt && <p className="mt-1 text-sm">Response due by <DateTime value={message.responseDueAt} />.</p>}
              {message.attachments.length > 0 && (
                <ul className="mt-2 list-disc pl-6 text-sm">
                  {message.attachments.map((file) => (
                    <li key={file.id}>
                      <a href={`/review/cases/${caseRow.reference}/attachments/${file.id}`} download>
                        {file.fileName}
                      </a>{' '}
                      ({file.contentType}, {size(file.sizeBytes)})
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      <p className="mt-1 text-xs text-slate-600">Attachments download; none opens in the browser. Open them with care: they come from outside.</p>
    </section>
  );
}
