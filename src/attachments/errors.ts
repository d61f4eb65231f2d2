import { DomainError } from '../domain/errors';

/** Refusals of an upload; like domain errors, their kind says which status the API answers. */
export class AttachmentTooLarge extends DomainError {
  readonly kind = 'too_large' as const;
  readonly code = 'attachment_too_large';
}
export class InvalidMediaType extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'invalid_media_type';
}
export class MediaTypeMismatch extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'media_type_mismatch';
}
export class EmptyFile extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'empty_file';
}
