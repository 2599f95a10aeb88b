// Wire types of the mail.tm-compatible API (/mailtm): mail.tm's own field names and shapes.

/** mail.tm JSON-LD members, present unless the client asked for plain `application/json`. */
export interface JsonLd {
  "@context"?: string;
  "@id"?: string;
  "@type"?: string;
}

export interface MailtmDomain extends JsonLd {
  id: string;
  domain: string;
  isActive: boolean;
  isPrivate: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface MailtmAccount extends JsonLd {
  id: string;
  address: string;
  quota: number;
  used: number;
  isDisabled: boolean;
  isDeleted: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /mailtm/token */
export interface MailtmToken {
  id: string;
  token: string;
}

export interface MailtmAddress {
  name: string;
  address: string;
}

/** A message in GET /messages and in the live stream. */
export interface MailtmMessageItem extends JsonLd {
  id: string;
  accountId: string;
  msgid: string;
  from: MailtmAddress;
  to: MailtmAddress[];
  subject: string;
  intro: string;
  seen: boolean;
  isDeleted: boolean;
  hasAttachments: boolean;
  size: number;
  downloadUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface MailtmAttachment {
  id: string;
  filename: string;
  contentType: string;
  disposition: string;
  transferEncoding: string;
  related: boolean;
  size: number;
  downloadUrl: string;
}

/** GET /messages/{id}: the full message (no `intro`, as on mail.tm). */
export interface MailtmMessage extends Omit<MailtmMessageItem, "intro"> {
  cc: string[];
  bcc: string[];
  flagged: boolean;
  verifications: string[];
  retention: boolean;
  retentionDate: string;
  text: string;
  html: string[];
  attachments: MailtmAttachment[];
}

/** GET /sources/{id} */
export interface MailtmSource extends JsonLd {
  id: string;
  downloadUrl: string;
  data: string;
}

/** A hydra collection (JSON-LD); with `Accept: application/json` the body is just the member array. */
export interface HydraCollection<T> extends JsonLd {
  "hydra:member": T[];
  "hydra:totalItems": number;
  "hydra:view"?: Record<string, string>;
}

/** mail.tm's error bodies: auth errors (LexikJWT), API Platform errors, and validation violations. */
export type MailtmError =
  | { code: number; message: string }
  | {
      "@context"?: string;
      "@type"?: string;
      "hydra:title"?: string;
      "hydra:description"?: string;
      type?: string;
      title?: string;
      detail?: string;
      violations?: { propertyPath: string; message: string }[];
    };
