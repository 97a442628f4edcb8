# One image for every loadfleet service: the command picks the role
# (loadfleet chat-server | controller | worker | aggregator).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY libs ./libs
COPY services ./services
COPY proto ./proto
COPY protocols ./protocols
COPY scripts/build-web.js ./scripts/
RUN npm ci && npx tsc -b && node scripts/build-web.js && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
ENTRYPOINT ["node", "services/cli/bin/loadfleet.js"]
