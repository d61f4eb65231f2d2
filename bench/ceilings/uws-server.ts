import uWS from 'uWebSockets.js';

/**
 * The fanout and scale scenarios' ceiling: bare uWebSockets.js. A socket opened on
 * `/api/v1/chat/ws/<conversation>` subscribes to that conversation's topic; a POST of a message publishes
 * a frame of the same shape and size as the product's `message` frame to the topic of its
 * `conversation_id`, so the bench triggers it exactly as it triggers the product. No auth, no store, no
 * log: only the cost of holding the sockets, building one frame and handing it to every socket of a topic.
 */
const port = Number(process.env.PORT);
let seq = 0;

interface SocketData {
  topic: string;
}

function messageFrame(conversationId: string, content: string): string {
  seq++;
  const now = new Date().toISOString();
  return JSON.stringify({
    type: 'message',
    conversation_id: conversationId,
    position: `000000000000:${seq.toString(16).padStart(16, '0')}`,
    message: {
      id: `${conversationId}.${seq}`,
      conversation_id: conversationId,
      user_id: 'sender',
      username: 'sender',
      user_avatar: null,
      content,
      message_type: 'text',
      reply_to_id: null,
      is_edited: false,
      is_deleted: false,
      created_at: now,
      edited_at: null,
      client_message_id: null,
    },
    timestamp: now,
  });
}

const app = uWS.App();
app.ws<SocketData>('/api/v1/chat/ws/:conversation_id', {
  maxPayloadLength: 16 * 1024,
  maxBackpressure: 16 * 1024 * 1024,
  idleTimeout: 60,
  upgrade: (res, req, context) => {
    // req is valid only inside this callback: copy what the socket needs out of it now.
    res.upgrade<SocketData>(
      { topic: req.getParameter(0) },
      req.getHeader('sec-websocket-key'),
      req.getHeader('sec-websocket-protocol'),
      req.getHeader('sec-websocket-extensions'),
      context,
    );
  },
  open: (ws) => {
    ws.subscribe(ws.getUserData().topic);
    ws.send(JSON.stringify({ type: 'connected', timestamp: new Date().toISOString() }));
  },
});
app.get('/health', (res) => {
  res.end('{"status":"ok"}');
});
app.post('/api/v1/chat/messages', (res) => {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  const chunks: Buffer[] = [];
  res.onData((chunk, isLast) => {
    // uWS reuses the chunk's memory after this callback: copy it out.
    chunks.push(Buffer.from(chunk.slice(0)));
    if (!isLast || aborted) return;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      conversation_id: string;
      content: string;
    };
    const frame = messageFrame(body.conversation_id, body.content);
    app.publish(body.conversation_id, frame);
    res.cork(() => {
      res.writeStatus('201 Created').writeHeader('content-type', 'application/json').end(frame);
    });
  });
});
app.listen('127.0.0.1', port, (socket) => {
  if (!socket) {
    console.error(`could not listen on ${port}`);
    process.exit(1);
  }
});
process.on('SIGTERM', () => process.exit(0));
