# syntax=docker/dockerfile:1
# One image recipe for both servers, from the repository root:
#   docker build -f deploy/docker/server.Dockerfile --build-arg APP=api     -t neurograph/api .
#   docker build -f deploy/docker/server.Dockerfile --build-arg APP=gateway -t neurograph/gateway .
# Node 22 LTS, one of the versions CI tests on (Node 20 reached its end of life on 2026-04-30).
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG APP=api
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The bundle (main.cjs, and the api's migrate.cjs) with its generated runtime package.json.
RUN node tools/build/bundle-app.mjs "${APP}" && mv "dist/apps/${APP}" /out

# Production dependencies only: the packages the bundle loads, at the lockfile's versions.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=build /out/package.json ./
COPY package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force && rm package-lock.json

FROM ${NODE_IMAGE} AS runtime
ARG APP=api
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/data
LABEL org.opencontainers.image.title="neurograph-${APP}" \
      org.opencontainers.image.source="https://github.com/neurograph/neurograph" \
      org.opencontainers.image.licenses="MIT"
WORKDIR /app
COPY --from=deps --chown=node:node /app ./
COPY --from=build --chown=node:node /out/ ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/v1/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "--max-semi-space-size=64", "--v8-pool-size=1", "main.cjs"]
