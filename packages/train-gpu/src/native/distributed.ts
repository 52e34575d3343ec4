/**
 * Settings of data-parallel native training (`trainNative({ distributed })`): which rank this
 * process is, how the ranks find each other, and which c10d backend all-reduces gradients.
 */

/** How the ranks rendezvous (c10d's `FileStore` or `TCPStore`). */
export type DistributedStore =
  /** A file on a filesystem every rank sees (one host, or a shared mount); must not exist yet. */
  | { readonly kind: 'file'; readonly path: string }
  /** A `TCPStore` served by rank 0 at `host:port`; the other ranks connect to it. */
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

/** This process's place in a data-parallel run. */
export interface DistributedOptions {
  /** 0-based; rank 0 writes the checkpoints. */
  readonly rank: number;
  readonly worldSize: number;
  readonly store: DistributedStore;
  /** `'gloo'` (default on CPU) or `'nccl'` (default on CUDA; CUDA only). */
  readonly backend?: 'gloo' | 'nccl';
  /** How long a collective or the rendezvous may wait for a peer (default 300000 ms). */
  readonly timeoutMs?: number;
}
