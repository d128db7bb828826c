# syntax=docker/dockerfile:1
# The dashboard's static files behind nginx, from the repository root:
#   docker build -f deploy/docker/dashboard.Dockerfile -t neurograph/dashboard .
FROM node:22.23.3-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build --config apps/dashboard/vite.config.mts --logLevel warn

# nginx as an unprivileged user on port 8080; the static site needs nothing else.
FROM nginxinc/nginx-unprivileged:1.28.0-alpine AS runtime
LABEL org.opencontainers.image.title="neurograph-dashboard" \
      org.opencontainers.image.source="https://github.com/neurograph/neurograph" \
      org.opencontainers.image.licenses="MIT"
COPY deploy/docker/nginx/dashboard.conf /etc/nginx/neurograph/dashboard.conf
COPY deploy/docker/nginx/default.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/dist/apps/dashboard /usr/share/nginx/html
USER 101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
