import uWS from 'uWebSockets.js';

/**
 * The fanout scenario's ceiling: bare uWebSockets.js. Every socket subscribes to one topic; a POST of
 * a message publishes a frame of the same shape and size as the product's `message` frame to that topic,
 * so the bench triggers it exactly as it triggers the product. No auth, no store, no log: only the cost
 * of building one frame and handing it to every socket.
 */
const port = Number(process.env.PORT);
const TOPIC = 'conversation';
let seq = 0;

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
app.ws('/api/v1/chat/ws/:conversation_id', {
  maxPayloadLength: 16 * 1024,
  maxBackpressure: 16 * 1024 * 1024,
  idleTimeout: 60,
  open: (ws) => {
    ws.subscribe(TOPIC);
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
    app.publish(TOPIC, frame);
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
