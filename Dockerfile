# syntax=docker/dockerfile:1
# Build stage: compiles TypeScript and builds better-sqlite3's native addon. Node 24 is the current LTS
# (Node 20 reached end of life on 2026-04-30); package.json still allows >= 20.19, and CI tests both.
FROM node:24-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The dependencies get their own layer, rebuilt only when the lock file changes. --ignore-scripts then rebuild runs
# the dependencies' install scripts (better-sqlite3's addon) but not the prepare script, which compiles the
# sources: they are copied and compiled below.
RUN npm ci --ignore-scripts && npm rebuild
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY bin ./bin
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled JavaScript, production dependencies, the corpus; runs as a non-root user.
FROM node:24-slim
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
# A 2 MB young generation (V8's default grows to 16 MB) keeps the resident memory about 20 MB lower at no
# measurable CPU cost (see README, Performance).
CMD ["node", "--max-semi-space-size=2", "dist/bin/mingyan.js", "start"]
