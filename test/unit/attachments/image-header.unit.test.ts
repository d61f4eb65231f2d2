import { imageDimensions, sniffImageType } from '../../../src/attachments/image-header';
import { essenceOf, normalizeMediaType } from '../../../src/attachments/media-type';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** 3x2 PNG. */
const PNG = hex(
  '89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d0000000b49444154789c6360c00400001400017dfe1eee0000000049454e44ae426082',
);
/** 5x7 GIF89a header. */
const GIF = hex('474946383961050007000000002c00000000010001000002024401003b');

/** A JPEG with an APP0 segment, a DQT-like segment, then a baseline frame header of 640x480. */
function jpeg(width: number, height: number, frameMarker = 0xc0): Buffer {
  const app0 = Buffer.concat([hex('ffe0 0010'), Buffer.from('JFIF\0'), hex('0101 0000 0100 0100 00')]);
  const other = Buffer.concat([hex('ffdb 0006'), hex('00000000')]);
  const frame = Buffer.alloc(19);
  frame.writeUInt16BE(0xff00 | frameMarker, 0);
  frame.writeUInt16BE(17, 2);
  frame[4] = 8;
  frame.writeUInt16BE(height, 5);
  frame.writeUInt16BE(width, 7);
  return Buffer.concat([hex('ffd8'), app0, hex('ffff'), other, frame, hex('ffda 0002 ffd9')]);
}

function webp(chunk: 'VP8 ' | 'VP8L' | 'VP8X', width: number, height: number): Buffer {
  const body = Buffer.alloc(30);
  body.write('RIFF', 0, 'latin1');
  body.writeUInt32LE(22, 4);
  body.write('WEBP', 8, 'latin1');
  body.write(chunk, 12, 'latin1');
  if (chunk === 'VP8 ') {
    body[23] = 0x9d;
    body[24] = 0x01;
    body[25] = 0x2a;
    body.writeUInt16LE(width, 26);
    body.writeUInt16LE(height, 28);
  } else if (chunk === 'VP8L') {
    body[20] = 0x2f;
    body.writeUInt32LE((width - 1) | ((height - 1) << 14), 21);
  } else {
    body.writeUIntLE(width - 1, 24, 3);
    body.writeUIntLE(height - 1, 27, 3);
  }
  return body;
}

describe('sniffImageType', () => {
  it('names the allowlisted types by their signatures', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(GIF)).toBe('image/gif');
    expect(sniffImageType(jpeg(1, 1))).toBe('image/jpeg');
    expect(sniffImageType(webp('VP8 ', 1, 1))).toBe('image/webp');
  });

  it('names nothing for other bytes, short ones, and lookalikes', () => {
    for (const bytes of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.from('<html>'),
      Buffer.alloc(0),
      PNG.subarray(0, 7),
      Buffer.from('GIF90a'),
      Buffer.from('RIFF\0\0\0\0WAVEfmt '),
    ]) {
      expect(sniffImageType(bytes)).toBeUndefined();
    }
  });
});

describe('imageDimensions', () => {
  it('reads PNG, GIF, JPEG and the three WebP forms', () => {
    expect(imageDimensions('image/png', PNG)).toEqual({ width: 3, height: 2 });
    expect(imageDimensions('image/gif', GIF)).toEqual({ width: 5, height: 7 });
    expect(imageDimensions('image/jpeg', jpeg(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageDimensions('image/jpeg', jpeg(1920, 1080, 0xc2))).toEqual({ width: 1920, height: 1080 });
    expect(imageDimensions('image/webp', webp('VP8 ', 300, 200))).toEqual({ width: 300, height: 200 });
    expect(imageDimensions('image/webp', webp('VP8L', 1024, 768))).toEqual({ width: 1024, height: 768 });
    expect(imageDimensions('image/webp', webp('VP8X', 4000, 3000))).toEqual({ width: 4000, height: 3000 });
  });

  it('gives up on truncated or nonsensical headers rather than guessing', () => {
    expect(imageDimensions('image/png', PNG.subarray(0, 20))).toBeUndefined();
    expect(imageDimensions('image/jpeg', jpeg(640, 480).subarray(0, 30))).toBeUndefined();
    expect(imageDimensions('image/jpeg', hex('ffd8 ffda 0002'))).toBeUndefined();
    expect(imageDimensions('image/jpeg', jpeg(0, 480))).toBeUndefined();
    expect(imageDimensions('image/gif', GIF.subarray(0, 8))).toBeUndefined();
    expect(imageDimensions('text/plain', PNG)).toBeUndefined();
  });
});

describe('normalizeMediaType', () => {
  it.each([
    ['image/png', 'image/png'],
    ['Text/HTML; Charset=UTF-8', 'text/html; charset=UTF-8'],
    ['application/vnd.api+json', 'application/vnd.api+json'],
    ['text/plain;format="flowed; x"', 'text/plain; format="flowed; x"'],
  ])('accepts %j as %j', (declared, normal) => {
    expect(normalizeMediaType(declared)).toBe(normal);
  });

  it.each([
    '',
    'png',
    'image/',
    '/png',
    'image/png/x',
    'image png',
    'text/plain; charset',
    'a/b\r\nX-Evil: 1',
    '*/*',
    'image/*',
    `a/${'b'.repeat(300)}`,
  ])('refuses %j', (declared) => {
    expect(normalizeMediaType(declared)).toBeUndefined();
  });

  it('reads the essence without parameters', () => {
    expect(essenceOf('text/html; charset=utf-8')).toBe('text/html');
  });
});
