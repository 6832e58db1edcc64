// Lives apart from files.ts so the format readers beside it can throw it without an import cycle.

/** Thrown for a file that cannot be read at all (not a zip for xlsx, JSON that is not an array of objects, no header row ...). */
export class FileUnreadableError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    options?: { cause?: unknown },
  ) {
    super(en, options);
    this.name = 'FileUnreadableError';
  }
}
