# syntax=docker/dockerfile:1
# Switchyard: build with the dev dependencies, run with the production ones only.

FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json routes.schema.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-alpine
# HOST: a container's loopback is its own, so listen on every interface (an open gateway, one
# without keys, warns at start-up; set SWITCHYARD_MASTER_KEY or keys to close it).
ENV NODE_ENV=production \
    LOG_PRETTY=0 \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=build /app/package.json /app/routes.schema.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# A working default; docker-compose mounts your routes.yaml over it.
COPY routes.yaml /etc/switchyard/routes.yaml
# The image's unprivileged user (uid 1000).
USER node
EXPOSE 4000
# Healthy means ready: a valid config is loaded and the gateway is not draining.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/readiness').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve", "--config", "/etc/switchyard/routes.yaml"]
