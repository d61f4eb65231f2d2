import fc from 'fast-check';
import { DEFAULT_FILENAME, MAX_FILENAME_CHARS, sanitizeFilename } from '../../../src/attachments/filename';

describe('sanitizeFilename', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['a/b\\c', 'c'],
    ['C:\\Users\\me\\photo.jpg', 'photo.jpg'],
    ['dir/', DEFAULT_FILENAME],
    ['..', DEFAULT_FILENAME],
    ['.', DEFAULT_FILENAME],
    ['', DEFAULT_FILENAME],
    [undefined, DEFAULT_FILENAME],
    ['  spaced  .txt  ', 'spaced  .txt'],
    ['tab\there\u0000\u001f\u007f\u0085.txt', 'tabhere.txt'],
    // A right-to-left override would show "evil\u202egpj.exe" as "evilexe.jpg".
    ['evil\u202egpj.exe', 'evilgpj.exe'],
    ['zero\u200bwidth.txt', 'zerowidth.txt'],
    ['.hidden', '.hidden'],
    ['e\u0301te\u0301.txt', '\u00e9t\u00e9.txt'],
  ])('%j becomes %j', (raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });

  it('bounds the length, keeping a short extension', () => {
    const long = `${'x'.repeat(500)}.jpeg`;
    const name = sanitizeFilename(long);
    expect([...name].length).toBe(MAX_FILENAME_CHARS);
    expect(name.endsWith('.jpeg')).toBe(true);
    const astral = sanitizeFilename('\u{1F600}'.repeat(300));
    expect([...astral].length).toBe(MAX_FILENAME_CHARS);
  });

  it('never answers a path, a control character or an empty name, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const name = sanitizeFilename(raw);
        expect(name).not.toMatch(/[/\\]/);
        expect(name).not.toMatch(/[\p{Cc}\p{Cf}]/u);
        expect(name).not.toMatch(/^\.+$/);
        expect(name.length).toBeGreaterThan(0);
        expect([...name].length).toBeLessThanOrEqual(MAX_FILENAME_CHARS);
      }),
    );
  });
});
