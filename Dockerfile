# Verbatim: one image for both roles, the gate (CMD serve) and the standalone guard (command guard).
#   docker build -t verbatim .
#   docker run --read-only -v "$PWD/config:/etc/verbatim:ro" -v verbatim-audit:/var/lib/verbatim/audit \
#     -v verbatim-keys:/var/lib/verbatim/keys -p 8080:8080 verbatim
# Walkthrough: docs/deploy.md. tests/deploy/dockerfile.test.ts replays these steps and parses this file.
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Build: every dependency, then the TypeScript sources into dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# prepare (the build) needs the sources, so install without scripts first.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY examples ./examples
RUN npm run build

# 2. Production dependencies only.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# 3. Runtime: no compiler, no dev dependencies, no npm cache; user node (uid 1000).
FROM ${NODE_IMAGE}
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/dist/examples ./dist/examples
COPY package.json ./
COPY bin ./bin
COPY policies ./policies
COPY docs ./docs
# verbatim on PATH; the folders the volumes mount on, owned by the image's user so that a fresh named
# volume is too: audit logs and keys (writable), the trusted public key sets, a socket folder.
RUN ln -s /app/bin/verbatim /usr/local/bin/verbatim \
 && mkdir -p /etc/verbatim /var/lib/verbatim/audit /var/lib/verbatim/keys /var/lib/verbatim/trust /run/verbatim \
 && chown node:node /var/lib/verbatim /var/lib/verbatim/audit /var/lib/verbatim/keys /var/lib/verbatim/trust /run/verbatim \
 && chmod 0700 /var/lib/verbatim/keys
# The container profile: listen on 0.0.0.0:8080, logs under /var/lib/verbatim/audit, the guard's
# replica id from POD_NAME or HOSTNAME (docs/config.md, docs/guard-config.md). Config is read-only.
ENV NODE_ENV=production \
    VERBATIM_PROFILE=container \
    VERBATIM_CONFIG=/etc/verbatim/verbatim.yaml \
    VERBATIM_GUARD_CONFIG=/etc/verbatim/guard.yaml
USER node
VOLUME ["/var/lib/verbatim/audit", "/var/lib/verbatim/keys"]
EXPOSE 8080
# SIGTERM: the gate and the guard stop listening, finish what is in flight, close the audit log.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["verbatim"]
CMD ["serve"]
