# syntax=docker/dockerfile:1
# Build stage: compiles TypeScript and builds better-sqlite3's native addon.
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY bin ./bin
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled JavaScript, production dependencies, the corpus; runs as a non-root user.
FROM node:20-slim
ENV NODE_ENV=production MINGYAN_DB=/data/mingyan.db HEALTH_PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY quotes ./quotes
# The card fonts (Noto Serif SC subsets, SIL OFL): quote cards and the quote pages use them.
COPY assets ./assets
COPY adapters/slack/manifest.yml ./adapters/slack/manifest.yml
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/bin/mingyan.js", "start"]
