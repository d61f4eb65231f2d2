import { attachmentUrl, ChatApi } from '../../client/src/index';

/** The requests ChatApi makes for uploads and downloads, against a recording fetch. */
function recordingApi(answer: () => Response) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: unknown, init?: RequestInit) => {
    requests.push({ url: String(url), init: init ?? {} });
    return answer();
  };
  const api = new ChatApi({
    baseUrl: 'http://chat.test',
    token: 't',
    fetch: fetch as typeof globalThis.fetch,
  });
  return { api, requests };
}

function first(requests: { url: string; init: RequestInit }[]) {
  const [request] = requests;
  if (!request) throw new Error('no request was made');
  return { url: request.url, init: request.init, headers: request.init.headers as Record<string, string> };
}

const uploaded = () =>
  new Response(
    JSON.stringify({ attachment_id: 'a'.repeat(32), filename: 'x', size: 1, media_type: 'x/y', sha256: '0' }),
    {
      status: 201,
    },
  );

describe('client attachments (unit)', () => {
  it('uploads a Blob as multipart/form-data with its name and type, leaving the boundary to fetch', async () => {
    const { api, requests } = recordingApi(uploaded);
    const answer = await api.uploadAttachment(new Blob(['png bytes'], { type: 'image/png' }), {
      filename: 'cat.png',
    });
    expect(answer.attachment_id).toBe('a'.repeat(32));
    const request = first(requests);
    expect(request.url).toBe('http://chat.test/api/v1/chat/attachments');
    expect(request.init.method).toBe('POST');
    expect(request.headers['content-type']).toBeUndefined();
    const file = (request.init.body as FormData).get('file') as File;
    expect([file.name, file.type, await file.text()]).toEqual(['cat.png', 'image/png', 'png bytes']);
  });

  it('uploads bytes as the raw body with their media type and ?filename=', async () => {
    const { api, requests } = recordingApi(uploaded);
    await api.uploadAttachment(new Uint8Array([1, 2, 3]), {
      filename: 'a b.bin',
      mediaType: 'application/zip',
    });
    const request = first(requests);
    expect(request.url).toBe('http://chat.test/api/v1/chat/attachments?filename=a+b.bin');
    expect(request.headers['content-type']).toBe('application/zip');
    expect(request.init.body).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('downloads the bytes as a Blob, and names the URL for other clients', async () => {
    const { api, requests } = recordingApi(
      () => new Response('<svg/>', { status: 200, headers: { 'content-type': 'image/svg+xml' } }),
    );
    const blob = await api.downloadAttachment('f00d');
    expect(await blob.text()).toBe('<svg/>');
    expect(first(requests).url).toBe('http://chat.test/api/v1/chat/attachments/f00d');
    expect(attachmentUrl('http://chat.test', 'a/b')).toBe('http://chat.test/api/v1/chat/attachments/a%2Fb');
  });
});
