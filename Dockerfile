# One image for every app of the monorepo; the command picks the app:
#   docker run hybrid-cp node dist/apps/control-plane/src/main.js
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN node scripts/build.mjs --production && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# Local state (the control plane's key-encryption key file): a volume mounted here starts owned by `node`.
RUN mkdir -p /app/.run && chown node:node /app/.run && chmod 700 /app/.run
USER node
CMD ["node", "dist/apps/control-plane/src/main.js"]
