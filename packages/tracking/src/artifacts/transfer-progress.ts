/** Bytes counted for one file or part; `restart` takes them back when an attempt starts over. */
export interface TransferCounter {
  add(bytes: number): void;
  restart(): void;
}

/** Adds up the bytes of many transfers and reports the sum after each chunk. */
export function createTransferProgress(
  totalBytes: number,
  onProgress: ((bytesDone: number, totalBytes: number) => void) | undefined,
): { counter(): TransferCounter } {
  let bytesDone = 0;
  return {
    counter() {
      let own = 0;
      return {
        add(bytes) {
          if (bytes === 0) return;
          own += bytes;
          bytesDone += bytes;
          onProgress?.(bytesDone, totalBytes);
        },
        restart() {
          bytesDone -= own;
          own = 0;
        },
      };
    },
  };
}
