/**
 * Upload limits, shared by the validator (the rule) and the compose form (an early, friendly
 * check that saves uploading 30 MB only to be refused). Plain constants: safe in client code.
 */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILES_PER_ITEM = 10;
/**
 * What one form submission may carry in files. Server actions buffer the whole request in
 * memory, so a request may hold one maximum-size file plus the form, not ten of them; more
 * files are added by saving again (next.config.js serverActions.bodySizeLimit is 25 MB).
 */
export const MAX_UPLOAD_BYTES_PER_REQUEST = 24 * 1024 * 1024;
/** Bytes of a sanitised file name (UTF-8): fits every common file system (255) with room. */
export const MAX_FILENAME_BYTES = 180;
/** The accept attribute for file inputs: a hint to the browser's picker, never trusted. */
export const ACCEPT_ATTRIBUTE = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.doc,.xls,.txt,.csv,.md,.zip';
