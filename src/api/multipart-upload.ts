import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { HttpProblem } from '../views/problem';

/** The file part of a form: its bytes as they stream in, and what the part declares. */
export interface FilePart {
  content: Readable;
  filename: string | undefined;
  mediaType: string | undefined;
}

/**
 * The first part named `file` of a `multipart/form-data` request, as soon as its headers have
 * arrived (the bytes stream on). Other fields and files are read past; a form without a `file` part
 * is a 400. When the connection closes before the form ends, the file's stream fails, so that a
 * half-received upload is not stored.
 */
export function multipartFile(req: IncomingMessage, maxBytes: number): Promise<FilePart> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      // One byte over the limit reaches the upload, which refuses it with a 413.
      // A few other files may come first (they are read past); only the first `file` part is kept.
      limits: { files: 5, fileSize: maxBytes + 1, fields: 20, fieldSize: 4096, parts: 40, headerPairs: 40 },
    });
  } catch (error) {
    throw new HttpProblem(400, 'invalid_request', `body: ${(error as Error).message}`);
  }
  return new Promise((resolve, reject) => {
    let found = false;
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || found) {
        stream.resume();
        return;
      }
      found = true;
      // The parser fails the part when the form breaks off or is malformed: the client's fault, a 400.
      const content = new PassThrough();
      stream.on('error', (error: Error) => {
        content.destroy(
          new HttpProblem(400, 'invalid_request', `file: the form could not be read (${error.message})`),
        );
      });
      stream.pipe(content);
      resolve({ content, filename: info.filename, mediaType: info.mimeType });
    });
    const noFile = (detail: string) => {
      if (!found) reject(new HttpProblem(400, 'invalid_request', `file: ${detail}`));
    };
    parser.on('error', (error: Error) => noFile(`the form could not be read (${error.message})`));
    parser.on('close', () => noFile('the form has no part named file'));
    req.on('close', () => {
      if (!req.complete) parser.destroy(new Error('the connection closed before the whole body arrived'));
    });
    req.pipe(parser);
  });
}
