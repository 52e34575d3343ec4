/** Version of this `@dagnostics/tracking` build (kept equal to package.json by a test). */
export const trackingVersion = '0.1.0';

/** The `User-Agent` product token every request starts with, e.g. `dagnostics-tracking/0.1.0`. */
export const userAgentProduct = `dagnostics-tracking/${trackingVersion}`;
