# The chat backend. Build: docker build -t chat-backend .
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The client is a workspace of the lockfile: its manifest must be there for npm ci.
COPY client/package.json ./client/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY client ./client
# Builds the server, then the client and the demo page it serves at /demo/.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist/demo ./client/dist/demo
COPY package.json ./
# DATA_DIR (./data) must be writable by the runtime user: the embedded stores and generated keys live there.
RUN mkdir -p /app/data && chown node:node /app/data
# Served at /docs/realtime.md, linked from the /docs page.
COPY docs/realtime.md ./docs/realtime.md
USER node
EXPOSE 8000 8001
CMD ["node", "dist/main.js"]
