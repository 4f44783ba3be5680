# Verbatim gate (and standalone guard) image. Build: docker build -t verbatim .
# Run as a sidecar: docker run -v /etc/verbatim:/etc/verbatim:ro -v verbatim-audit:/var/lib/verbatim verbatim
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# prepare (the build) needs the sources, so install without scripts first.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY examples ./examples
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY policies ./policies
COPY docs ./docs
RUN mkdir -p /var/lib/verbatim && chown node:node /var/lib/verbatim
USER node
VOLUME ["/var/lib/verbatim"]
EXPOSE 8080
# The config names the key file, the policies and audit.dir (/var/lib/verbatim/audit).
ENV VERBATIM_CONFIG=/etc/verbatim/verbatim.yaml
ENTRYPOINT ["node", "bin/verbatim"]
CMD ["serve"]
