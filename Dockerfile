# One image for every app of the monorepo; the command picks the app:
#   docker run hybrid-cp node dist/apps/control-plane/src/main.js
# The `gateway` target is the same image starting the reference gateway, as Gravitee's gateway image
# starts its gateway: `docker build --target gateway -t hybrid-cp-gateway:local .`, then the install
# snippets run it once the control plane has GATEWAY_IMAGE=hybrid-cp-gateway:local.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN node scripts/build.mjs --production && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
USER node

FROM runtime AS gateway
EXPOSE 8082 18082
CMD ["node", "dist/apps/gateway/src/main.js"]

FROM runtime
CMD ["node", "dist/apps/control-plane/src/main.js"]
