let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table === null) {
    table = new Uint32Array(256);
    for (let index = 0; index < 256; index += 1) {
      let crc = index;
      for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
      table[index] = crc >>> 0;
    }
  }
  return table;
}

/** CRC-32 of the UTF-8 bytes of `text`, as Python's `binascii.crc32(text.encode())`. */
export function crc32(text: string): number {
  const lookup = crcTable();
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc = (lookup[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
