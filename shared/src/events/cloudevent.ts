import { randomUUID } from 'node:crypto';

/** The structured-mode JSON form of a CloudEvent 1.0, with the distributed-tracing extension. */
export interface CloudEventJson {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: unknown;
  traceparent?: string;
}

export function newCloudEvent(fields: {
  type: string;
  source: string;
  data: unknown;
  id?: string;
  subject?: string | null;
  time?: Date;
  traceparent?: string | null;
}): CloudEventJson {
  const ce: CloudEventJson = {
    specversion: '1.0',
    id: fields.id ?? randomUUID(),
    source: fields.source,
    type: fields.type,
    time: (fields.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: fields.data,
  };
  if (fields.subject) ce.subject = fields.subject;
  if (fields.traceparent) ce.traceparent = fields.traceparent;
  return ce;
}

/** Binary-mode HTTP headers for a CloudEvent (attributes as ce-*, data as the body). */
export function binaryHeaders(ce: CloudEventJson): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': ce.datacontenttype,
    'ce-specversion': ce.specversion,
    'ce-id': ce.id,
    'ce-source': ce.source,
    'ce-type': ce.type,
    'ce-time': ce.time,
  };
  if (ce.subject) headers['ce-subject'] = ce.subject;
  if (ce.traceparent) {
    headers['ce-traceparent'] = ce.traceparent;
    headers.traceparent = ce.traceparent;
  }
  return headers;
}
