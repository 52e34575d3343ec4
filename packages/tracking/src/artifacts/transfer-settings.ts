import { defineSettings, envParsers } from '@dagnostics/core';
import { z } from 'zod';

const mebibyte = 1024 * 1024;

/**
 * Settings of artifact uploads and downloads. Left out, the multipart ones are read from
 * MLflow's environment variables at the call (never at import), then the defaults below.
 */
export const artifactTransferSettings = defineSettings({
  owner: 'uploadArtifact',
  schema: () =>
    z.object({
      /**
       * `auto`: upload files of at least `multipartMinimumFileSizeBytes` in parts straight to
       * cloud storage when `proxyMultipartUpload` is on, falling back to one PUT through the
       * proxy when the server answers 501 (a local artifact store); `never`: always one PUT.
       * Default `auto`.
       */
      multipart: z.enum(['auto', 'never']).default('auto'),
      /**
       * Whether MLflow's proxied multipart upload is tried at all. Default false.
       * Env `MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD`.
       */
      proxyMultipartUpload: z.boolean({ error: 'expected true or false' }).default(false),
      /**
       * Smallest file uploaded in parts, in bytes. Default 524288000 (500 MiB).
       * Env `MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE` (bytes).
       */
      multipartMinimumFileSizeBytes: z
        .number()
        .int()
        .positive()
        .default(500 * mebibyte),
      /**
       * Size of each part, in bytes; a part is read into memory while it is sent, so at most
       * `concurrency` parts are held at once. Default 10485760 (10 MiB).
       * Env `MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE` (bytes).
       */
      multipartChunkSizeBytes: z
        .number()
        .int()
        .positive()
        .default(10 * mebibyte),
      /** Files (or parts) transferred at the same time. Default 4. */
      concurrency: z.number().int().positive().max(64).default(4),
    }),
  env: {
    proxyMultipartUpload: {
      name: 'MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD',
      parse: envParsers.boolean,
    },
    multipartMinimumFileSizeBytes: {
      name: 'MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE',
      parse: envParsers.number,
    },
    multipartChunkSizeBytes: {
      name: 'MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE',
      parse: envParsers.number,
    },
  },
});

/** Resolved transfer settings: every default applied. See {@link artifactTransferSettings}. */
export type ArtifactTransferSettings = ReturnType<typeof artifactTransferSettings.resolve>;

/** Any subset of {@link artifactTransferSettings}. */
export type ArtifactTransferSettingsInput = Parameters<typeof artifactTransferSettings.resolve>[0];
